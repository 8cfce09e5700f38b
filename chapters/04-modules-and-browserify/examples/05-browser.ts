/**
 * The bundle in a real browser: builds it, serves browser/index.html and the
 * bundle from a tiny server on 127.0.0.1, opens the page in headless Chromium
 * and prints what the page's code wrote into the page. Node runs the same
 * callback-order code first, for comparison.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildBundle } from '../lib/bundle';
import { CHROMIUM_MISSING, chromiumInstalled, readPage, serveFiles } from '../lib/browser';
import { observeOrder } from '../lib/order';
import { CHAPTER_DIR } from '../lib/paths';

/**
 * Node's order, observed from an event-loop callback, where a timer or a
 * request handler runs. (Not from the top of this file: tsx loads it through
 * Node's ES module loader, and code running inside a module's evaluation sees
 * promise callbacks before process.nextTick; the README explains.)
 */
function orderInNode(): Promise<string[]> {
  return new Promise((resolve) => setImmediate(() => resolve(observeOrder())));
}

const IDS = ['sum', 'difference', 'base64', 'hex', 'byte-length', 'globals', 'filename', 'order', 'status'];

async function main(): Promise<void> {
  console.log(`Node order:    ${(await orderInNode()).join(' → ')}`);
  if (!chromiumInstalled()) throw new Error(CHROMIUM_MISSING);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ch04-page-'));
  try {
    const bundle = await buildBundle(path.join(CHAPTER_DIR, 'browser', 'page.ts'), path.join(workDir, 'bundle.js'));
    const html = path.join(CHAPTER_DIR, 'browser', 'index.html');
    const server = await serveFiles({ '/': html, '/index.html': html, '/bundle.js': bundle.outFile });
    try {
      const reading = await readPage(server.url, IDS);
      console.log(`served the page and the bundle (${bundle.bytes} bytes) from a server on 127.0.0.1`);
      console.log(`opened it in ${/HeadlessChrome\/\S+/.exec(reading.userAgent)?.[0] ?? reading.userAgent}; the page wrote:`);
      for (const id of IDS) console.log(`  #${id.padEnd(12)} ${reading.text[id]}`);
      console.log(`page errors: ${reading.errors.length === 0 ? 'none' : reading.errors.join(' | ')}`);
    } finally {
      await server.close();
    }
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
