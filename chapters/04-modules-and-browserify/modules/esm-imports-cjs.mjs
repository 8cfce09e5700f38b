/* global console */
// ES module importing CommonJS: always possible.
import math, { add } from './math.cjs';
import computed from './computed.cjs';
import * as computedNamespace from './computed.cjs';

// The default import is module.exports.
console.log('default import, math.add(1, 3) =', math.add(1, 3));
// Named imports work when Node can find the names by reading the CommonJS source (cjs-module-lexer).
console.log('named import, add(1, 3) =', add(1, 3));
// When module.exports is computed, only the default import is there.
console.log('computed.cjs as a namespace:', Object.keys(computedNamespace).join(', '));
console.log('computed.add(1, 3) =', computed.add(1, 3));
try {
  await import('./named-from-computed.mjs');
} catch (error) {
  console.log(`named import from computed.cjs: ${error.name}: ${error.message.split('\n')[0]}`);
}
