// ES module: exports are named bindings, known before the code runs.
export function add(a, b) {
  return a + b;
}

export function subtract(a, b) {
  return a - b;
}
