/**
 * The seed's add program, today: TypeScript importing the math module.
 * This repository's package.json says "type": "commonjs", so TypeScript
 * compiles these import lines to require() calls and Node runs the file
 * as a CommonJS module.
 */
import { add, subtract } from '../lib/math';

console.log(`add(1, 3) = ${add(1, 3)}`);
console.log(`subtract(10, 4) = ${subtract(10, 4)}`);
console.log(`this file runs as CommonJS: typeof module = ${typeof module}, typeof require = ${typeof require}`);
