/**
 * Exercise 01, reference solution: the same count, in slices of 10 000
 * numbers, with a turn of the event loop between two slices.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Called after each slice with how many numbers (0, 1, 2, ...) have been checked so far. */
export type ProgressListener = (checked: number) => void;

/** Small enough that one slice takes about a millisecond, big enough that the turns between slices cost little. */
const SLICE_SIZE = 10_000;

/** Whether `n` is a prime, by trial division. */
export function isPrime(n: number): boolean {
  if (n < 2) return false;
  if (n % 2 === 0) return n === 2;
  for (let divisor = 3; divisor * divisor <= n; divisor += 2) {
    if (n % divisor === 0) return false;
  }
  return true;
}

/**
 * Counts the primes below `limit` (0 ≤ p < limit), calling `onProgress` after
 * each slice of work. Resolves with the count; rejects with a RangeError when
 * `limit` is not a whole number ≥ 0, and with the error when `onProgress` throws.
 */
export async function countPrimes(limit: number, onProgress: ProgressListener = () => {}): Promise<number> {
  // In an async function a throw becomes a rejected promise: callers only need .catch/await.
  if (!Number.isSafeInteger(limit) || limit < 0) {
    throw new RangeError(`limit must be a whole number of 0 or more, not ${limit}`);
  }
  let count = 0;
  for (let start = 0; start < limit; start += SLICE_SIZE) {
    // setImmediate, not process.nextTick or `await null`: those run before the
    // event loop moves on, so no socket would be read and no timer would fire.
    await nextTurn();
    const end = Math.min(start + SLICE_SIZE, limit);
    for (let n = start; n < end; n++) {
      if (isPrime(n)) count++;
    }
    // A throw here rejects the promise and ends the loop: no slice runs after it.
    onProgress(end);
  }
  return count;
}
