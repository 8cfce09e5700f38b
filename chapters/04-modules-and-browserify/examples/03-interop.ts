/**
 * Crossing between the module systems, under plain `node`:
 * an ES module importing CommonJS, and CommonJS loading ES modules with
 * require() (Node 20.19+ by default) and with import(). The last run turns
 * require(esm) off, which is how Node before 20.17 behaves and how 20.17 and
 * 20.18 behave without --experimental-require-module.
 */
import { showNode } from '../lib/run-node';

const runs = [
  ['modules/esm-imports-cjs.mjs'],
  ['modules/cjs-requires-esm.cjs'],
  ['--no-experimental-require-module', 'modules/cjs-requires-esm.cjs'],
];
let failed = false;
for (const args of runs) {
  failed = showNode(args).status !== 0 || failed;
  console.log();
}
if (failed) process.exitCode = 1;
