/* global console */
// ES module: import is static (read before the file runs) and the file extension is part of the path.
import * as path from 'node:path';
import { add, subtract } from './math.mjs';
import * as math from './math.mjs';

console.log('add(1, 3) =', add(1, 3));
console.log('subtract(10, 4) =', subtract(10, 4));
console.log('the module namespace:', Object.keys(math).join(', '));
// No module wrapper: require, __filename and __dirname do not exist here. import.meta replaces them.
console.log('typeof require:', typeof require, '| typeof __filename:', typeof __filename);
console.log('import.meta.filename:', path.basename(import.meta.filename), '| import.meta.dirname:', path.basename(import.meta.dirname));
// Without the extension, the ESM resolver does not guess (require() would have tried .js, .json, .node):
try {
  await import('./math');
} catch (error) {
  console.log("import('./math') fails:", error.code);
}
