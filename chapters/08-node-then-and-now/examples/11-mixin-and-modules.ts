/**
 * process.mixin (2009): pull a module into the global namespace, copy and
 * merge objects, shallow or deep. Today: import what you use; Object.assign,
 * spread and structuredClone.
 */
import { section } from '../lib/sections';
import * as circle2009 from '../lib/circle-2009';
import * as circle from '../lib/circle';
import { process } from '../then/process'; // in this file, `process` is the 2009 shim's
import * as sys from '../then/sys';

interface Settings {
  host: string;
  port: number;
  tls: { enabled: boolean };
}
function makeDefaults(): Settings {
  return { host: '127.0.0.1', port: 8080, tls: { enabled: false } };
}

// The names that process.mixin(GLOBAL, ...) makes appear on the global object. TypeScript cannot see
// that happen at run time, so they are declared here, for this file only.
declare function puts(text: string): void;
declare function area(r: number): number;

// ---- 2009 ------------------------------------------------------------------
function then2009(): void {
  const GLOBAL = globalThis; // 2009's name for the global object (today: globalThis)
  process.mixin(GLOBAL, circle2009, sys); // the docs: process.mixin(GLOBAL, require("./circle"), require("sys"))
  puts('The area of a circle of radius 4 is ' + area(4));

  const defaults = makeDefaults();
  const shallow = process.mixin({}, defaults, { port: 9000 });
  shallow.tls.enabled = true;
  sys.puts('shallow: port ' + shallow.port + ', defaults.tls.enabled became ' + defaults.tls.enabled);

  const untouched = makeDefaults();
  const deep = process.mixin(true, {}, untouched, { port: 9000 });
  deep.tls.enabled = true;
  sys.puts('deep: port ' + deep.port + ', defaults.tls.enabled stayed ' + untouched.tls.enabled);
}

// ---- today -----------------------------------------------------------------
function now(): void {
  console.log(`The area of a circle of radius 4 is ${circle.area(4)}`);

  const defaults = makeDefaults();
  const shallow = { ...defaults, port: 9000 }; // or Object.assign({}, defaults, { port: 9000 })
  shallow.tls.enabled = true;
  console.log(`shallow: port ${shallow.port}, defaults.tls.enabled became ${defaults.tls.enabled}`);

  const untouched = makeDefaults();
  const deep = { ...structuredClone(untouched), port: 9000 };
  deep.tls.enabled = true;
  console.log(`deep: port ${deep.port}, defaults.tls.enabled stayed ${untouched.tls.enabled}`);
}

section('then', 'process.mixin into GLOBAL, shallow and deep (then/process.ts)');
then2009();
section('now', 'import, spread / Object.assign, structuredClone');
now();

section('changed', 'what mixin did that Object.assign does not, and the cost of globals');
const globals = globalThis as unknown as Record<string, unknown>;
console.log(`after mixin(GLOBAL, ...), puts and area are globals: ${typeof globals.puts === 'function' && typeof globals.area === 'function'}`);
for (const name of [...Object.keys(circle2009), ...Object.keys(sys)]) delete globals[name]; // undo the pollution
const override: { port?: number } = { port: undefined }; // e.g. an option the caller left out
console.log(`undefined values: mixin keeps port ${process.mixin({ port: 8080 }, override).port}, Object.assign sets ${Object.assign({ port: 8080 }, override).port}`);
const withInherited = Object.create({ inherited: 'from the prototype' }) as Record<string, string>;
console.log(`inherited properties: mixin copies ${JSON.stringify(process.mixin({}, withInherited).inherited)}, Object.assign ${JSON.stringify(Object.assign({}, withInherited).inherited)}`);
try {
  structuredClone({ area: circle.area });
} catch (error) {
  console.log(`structuredClone of a function: ${(error as Error).name}`);
}
console.log(`circle-2009.js (2009 CommonJS) and circle.ts (today) agree: ${circle2009.circumference(4) === circle.circumference(4)}`);
console.log(`and no global is left behind: ${typeof globals.area === 'undefined'}`);
