/**
 * Exercise 01: count the primes below a limit without blocking the event loop.
 *
 * This version gives the right answer, but it computes it in one go: while
 * the loop below runs, the process cannot accept a connection, answer a
 * request or run a timer. Read README.md, then make it work in slices.
 */

/** Called after each slice with how many numbers (0, 1, 2, ...) have been checked so far. */
export type ProgressListener = (checked: number) => void;

/** Whether `n` is a prime, by trial division. Nothing to change here. */
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
  if (!Number.isSafeInteger(limit) || limit < 0) {
    throw new RangeError(`limit must be a whole number of 0 or more, not ${limit}`);
  }
  let count = 0;
  // TODO: this loop checks every number before it returns. Cut it into slices
  // of at most 10 000 numbers, and give the event loop a turn between two
  // slices (see the hints), so that the server can answer other requests.
  for (let n = 0; n < limit; n++) {
    if (isPrime(n)) count++;
    const checked = n + 1;
    // TODO: report after each slice instead (every 10 000 numbers at most, and at the end).
    if (checked % 100_000 === 0 || checked === limit) onProgress(checked);
  }
  return count;
}
