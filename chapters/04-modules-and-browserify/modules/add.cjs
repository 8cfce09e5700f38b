'use strict';
// CommonJS: require() runs the other file (once) and returns its module.exports, synchronously.
const path = require('node:path');
const math = require('./math.cjs');

console.log('add(1, 3) =', math.add(1, 3));
console.log('subtract(10, 4) =', math.subtract(10, 4));
// Node runs every CommonJS file inside a function that receives
// exports, require, module, __filename and __dirname:
console.log('__filename:', path.basename(__filename), '| __dirname:', path.basename(__dirname));
console.log('a second require gives the cached object:', require('./math.cjs') === math);
