'use strict';
// The math module, shared: server.js requires it, and build.js bundles it for the page.
function add(a, b) {
  return a + b;
}

function subtract(a, b) {
  return a - b;
}

module.exports = { add, subtract };
