'use strict';
// module.exports is built at run time: nothing in the source names its keys.
const operations = [
  ['add', (a, b) => a + b],
  ['subtract', (a, b) => a - b],
];
module.exports = Object.fromEntries(operations);
