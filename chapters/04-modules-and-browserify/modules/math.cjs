'use strict';
// CommonJS: the module hands out whatever ends up in module.exports.
function add(a, b) {
  return a + b;
}

function subtract(a, b) {
  return a - b;
}

module.exports = { add, subtract };
