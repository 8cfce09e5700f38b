/**
 * The page's code. It is written as Node code: it imports the math module and
 * uses process.nextTick, Buffer and __filename. browserify's bundle makes all
 * of that work in the browser, then the results go into the page's elements.
 */
import { add, subtract } from '../lib/math';
import { observeOrder } from '../lib/order';

// The repository is type-checked as a Node project, without TypeScript's DOM
// library; this file declares the one DOM call it makes.
declare const document: { getElementById(id: string): { textContent: string | null } | null };

function show(id: string, value: string): void {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`the page has no element #${id}`);
  element.textContent = value;
}

show('sum', String(add(1, 3)));
show('difference', String(subtract(10, 4)));

// Buffer: browserify bundles the `buffer` package, Node's Buffer API in plain JavaScript.
const bytes = Buffer.from('Deploying Node.js', 'utf8');
show('base64', bytes.toString('base64'));
show('hex', bytes.subarray(0, 9).toString('hex'));
show('byte-length', String(Buffer.byteLength('héllo'))); // é takes two bytes in UTF-8

// The stand-ins are variables of each bundled module, not properties of the page's window.
show('globals', `Buffer in globalThis: ${'Buffer' in globalThis}, process in globalThis: ${'process' in globalThis}`);
show('filename', __filename);

observeOrder().then(
  (order) => {
    show('order', order.join(' → '));
    show('status', 'done');
  },
  (error: unknown) => show('status', `failed: ${String(error)}`),
);
