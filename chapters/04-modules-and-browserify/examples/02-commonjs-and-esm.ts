/**
 * The same math module and add program twice, in Node's two module systems:
 * CommonJS (.cjs: module.exports and require) and ES modules (.mjs: export
 * and import). Each file runs under plain `node`.
 */
import { showNode } from '../lib/run-node';

let failed = false;
for (const file of ['modules/add.cjs', 'modules/add.mjs']) {
  failed = showNode([file]).status !== 0 || failed;
  console.log();
}
if (failed) process.exitCode = 1;
