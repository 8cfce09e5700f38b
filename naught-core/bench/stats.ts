/**
 * min / median / max of the repetitions of a figure. The median of an even
 * count is the mean of the two middle values; no value is rounded here.
 */
export interface Stat {
  min: number;
  median: number;
  max: number;
  /** Every measured value, in the order of the repetitions. */
  values: number[];
}

export function stat(values: readonly number[]): Stat | null {
  const finite = values.filter((value) => Number.isFinite(value));
  if (finite.length === 0) return null;
  const sorted = [...finite].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return { min: sorted[0] as number, median, max: sorted[sorted.length - 1] as number, values: [...finite] };
}

/** The sum of a list (0 for none). */
export function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
