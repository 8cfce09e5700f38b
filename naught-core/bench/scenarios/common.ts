/**
 * What the scenarios share: the result shape (raw runs, errors and the
 * min/median/max of each figure, per variant), the choice of variants, and
 * the loop over repetitions. Repetitions are interleaved (rep 1 of every
 * variant, then rep 2 ...) and the order rotates from one repetition to the
 * next, so that a slow patch on a shared machine does not land on one
 * variant only. Each run gets a fresh manager in a fresh directory, stopped
 * at the end whatever happened.
 */
import type { BenchConfig } from '../config';
import type { LoadSummary, RequestSample } from '../load';
import { createRunner, type Runner, type RunnerContext, type Variant } from '../runners';
import { stat, type Stat } from '../stats';

export interface VariantResult<R> {
  id: string;
  label: string;
  short: string;
  runs: R[];
  /** Runs that could not be measured, and why. */
  errors: string[];
  /** min / median / max of each numeric figure of the runs. */
  summary: Record<string, Stat | null>;
}

export interface ScenarioResult<R> {
  /** Seconds the scenario took. */
  seconds: number;
  parameters: Record<string, unknown>;
  variants: VariantResult<R>[];
  /** Variants left out, and why (not available on this machine, filtered out). */
  skipped: { id: string; label: string; reason: string }[];
}

/** The variants of a scenario that this run measures, and those it leaves out with the reason. */
export function pickVariants(all: Variant[], config: BenchConfig, context: RunnerContext): { chosen: Variant[]; skipped: ScenarioResult<unknown>['skipped'] } {
  const chosen: Variant[] = [];
  const skipped: ScenarioResult<unknown>['skipped'] = [];
  for (const variant of all) {
    if (config.variants !== null && !config.variants.includes(variant.id)) continue;
    if (variant.manager === 'naught-1.6.0' && context.naught160Bin === null) {
      skipped.push({ id: variant.id, label: variant.label, reason: 'naught 1.6.0 could not be fetched or fixed (see the naught 1.6.0 section)' });
      continue;
    }
    chosen.push(variant);
  }
  return { chosen, skipped };
}

/** The numeric figures of a run, as min / median / max over the runs. */
export function summarize<R extends object>(runs: R[]): Record<string, Stat | null> {
  const keys = new Set<string>();
  for (const run of runs) for (const [key, value] of Object.entries(run)) if (typeof value === 'number' && key !== 'rep') keys.add(key);
  const summary: Record<string, Stat | null> = {};
  for (const key of keys) {
    summary[key] = stat(runs.map((run) => (run as Record<string, unknown>)[key]).filter((value): value is number => typeof value === 'number'));
  }
  return summary;
}

/**
 * Runs `body` for every repetition of every variant, each with a fresh runner
 * (not started: the body starts it, so that it can time the start), and stops
 * the runner afterwards.
 */
export async function repeat<R extends { rep: number }>(
  name: string,
  variants: Variant[],
  config: BenchConfig,
  context: RunnerContext,
  body: (runner: Runner, rep: number) => Promise<R>,
  describe: (run: R) => string,
  naughtStartOptions: string[] = [],
): Promise<VariantResult<R>[]> {
  const results = variants.map((variant): VariantResult<R> => ({ id: variant.id, label: variant.label, short: variant.short, runs: [], errors: [], summary: {} }));
  for (let rep = 1; rep <= config.repetitions; rep++) {
    const order = variants.map((_, index) => (index + rep - 1) % variants.length);
    for (const index of order) {
      const variant = variants[index] as Variant;
      const result = results[index] as VariantResult<R>;
      let runner: Runner | null = null;
      try {
        runner = await createRunner(variant, context, naughtStartOptions);
        const run = await body(runner, rep);
        result.runs.push(run);
        console.log(`[${name}] rep ${rep}/${config.repetitions} ${variant.label}: ${describe(run)}`);
      } catch (error) {
        const message = (error as Error).message;
        result.errors.push(`rep ${rep}: ${message}`);
        console.error(`[${name}] rep ${rep}/${config.repetitions} ${variant.label}: FAILED: ${message}`);
      } finally {
        await runner?.stop();
      }
    }
  }
  for (const result of results) result.summary = summarize(result.runs);
  return results;
}

/** The name under which failureKinds counts the requests load.ts found lost in flight (they have no sample of their own). */
export const LOST_IN_FLIGHT = 'lost in flight';

/** Counts the failures of a load by kind, those lost in flight included. */
export function countFailures(summary: LoadSummary): Record<string, number> {
  const kinds: Record<string, number> = {};
  for (const sample of summary.samples) if (!sample.ok) kinds[failureKind(sample)] = (kinds[failureKind(sample)] ?? 0) + 1;
  if (summary.lostInFlight > 0) kinds[LOST_IN_FLIGHT] = summary.lostInFlight;
  return kinds;
}

/** How a failed request ended, for counting: 'HTTP 503', 'ECONNRESET', 'timeout' ... */
export function failureKind(sample: RequestSample): string {
  if (sample.status !== null) return `HTTP ${sample.status}`;
  const error = sample.error ?? 'unknown';
  return /time(d)? ?out/i.test(error) ? 'timeout' : error;
}

/** A number for the console, never for the report (which keeps the raw value). */
export function short(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined ? 'n/a' : value.toFixed(digits);
}
