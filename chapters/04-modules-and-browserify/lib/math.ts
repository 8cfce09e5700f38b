/**
 * The seed's math module, written today. In 2015 it was a constructor that
 * set `add` and `subtract` on `this`, used as `new Math` (a name that hides
 * JavaScript's own Math). Today a module exports plain functions by name.
 */
export function add(a: number, b: number): number {
  return a + b;
}

export function subtract(a: number, b: number): number {
  return a - b;
}
