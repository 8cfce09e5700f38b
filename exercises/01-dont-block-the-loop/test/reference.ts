/** The checker's own count of the primes below `limit`, by the sieve of Eratosthenes (independent of your code). */
export function referencePrimeCount(limit: number): number {
  if (limit < 3) return 0;
  const composite = new Uint8Array(limit);
  let count = 0;
  for (let n = 2; n < limit; n++) {
    if (composite[n] === 1) continue;
    count++;
    for (let multiple = n * n; multiple < limit; multiple += n) composite[multiple] = 1;
  }
  return count;
}
