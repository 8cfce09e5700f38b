// The same module today: named exports and types.
// Compiled to CommonJS (this repository's setting), `export` still fills `exports`.
const PI = 3.14; // kept at 3.14 so that both versions print the same areas

export function area(r: number): number {
  return PI * r * r;
}

export function circumference(r: number): number {
  return 2 * PI * r;
}
