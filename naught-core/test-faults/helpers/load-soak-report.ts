/**
 * The soak's verdict and its printout: per-deploy results, the daemon's RSS
 * and heap over time, and the rule that decides "memory not growing".
 *
 * The daemon runs with a probe (fixtures/daemon-gc-probe.js) that forces a
 * full GC every few seconds and reports the heap left after it. Without it,
 * V8 lets garbage pile up in the old generation until its first major GC: at
 * one deploy every 10 s that came after more than 30 minutes, and RSS rose
 * for the whole run (about 45 KB per deploy) with nothing kept; in a faster
 * run, RSS stopped rising at the first major GC, and the heap left after each
 * GC stayed flat.
 *
 * The rule, for RSS and for the heap used after a full GC alike: samples
 * taken during the warm-up (the first WARM_UP_FRACTION of the run, at least
 * WARM_UP_MIN_S seconds) are left out, because V8 and the log writers grow to
 * their working size first. Of the rest, the median of the last fifth is
 * compared with the median of the first fifth; memory has grown if the
 * difference exceeds the larger of the allowed KiB and ALLOWED_GROWTH_FRACTION
 * of the first median. Medians, because the GC makes memory a sawtooth;
 * fifths, because a leak shows as a trend over the whole run.
 */

export const WARM_UP_FRACTION = 0.1;
export const WARM_UP_MIN_S = 30;
export const ALLOWED_GROWTH_KIB = 4 * 1024;
/** The heap after a full GC is about 5 MiB; V8's compiled code adds a few hundred KiB over hundreds of deploys. */
export const ALLOWED_HEAP_GROWTH_KIB = 1024;
/** Fewer samples after the warm-up than this tell nothing. */
const MIN_STEADY_SAMPLES = 5;
export const ALLOWED_GROWTH_FRACTION = 0.1;

export interface DeployResult {
  round: number;
  /** Seconds since the soak began, when the deploy started. */
  atS: number;
  exitCode: number | null;
  /** The command printed exactly the documented lines and `done`. */
  asDocumented: boolean;
  durationMs: number;
  requests: number;
  failedRequests: number;
  lostInFlight: number;
}

/** One memory figure (RSS, or the heap used after a full GC) of the daemon at a time. */
export interface MemorySample {
  atS: number;
  kib: number;
}

export interface GrowthVerdict {
  rule: string;
  warmUpS: number;
  firstFifthMedianKiB: number;
  lastFifthMedianKiB: number;
  growthKiB: number;
  allowedKiB: number;
  grew: boolean;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function judgeRss(samples: readonly MemorySample[], durationS: number): GrowthVerdict {
  return judgeGrowth('RSS', samples, durationS, ALLOWED_GROWTH_KIB);
}

export function judgeHeap(samples: readonly MemorySample[], durationS: number): GrowthVerdict {
  return judgeGrowth('heap used after a full GC', samples, durationS, ALLOWED_HEAP_GROWTH_KIB);
}

function judgeGrowth(what: string, samples: readonly MemorySample[], durationS: number, allowedKiB: number): GrowthVerdict {
  const warmUpS = Math.max(WARM_UP_MIN_S, durationS * WARM_UP_FRACTION);
  const steady = samples.filter((sample) => sample.atS >= warmUpS);
  if (steady.length < MIN_STEADY_SAMPLES) throw new Error(`too few ${what} samples after the ${warmUpS} s warm-up (${steady.length}): run longer`);
  const fifth = Math.max(1, Math.floor(steady.length / 5));
  const first = median(steady.slice(0, fifth).map((sample) => sample.kib));
  const last = median(steady.slice(-fifth).map((sample) => sample.kib));
  const allowed = Math.max(allowedKiB, first * ALLOWED_GROWTH_FRACTION);
  return {
    rule: `median ${what} of the last fifth minus that of the first fifth (after a ${Math.round(warmUpS)} s warm-up) must not exceed max(${allowedKiB / 1024} MiB, ${ALLOWED_GROWTH_FRACTION * 100} % of the first)`,
    warmUpS: Math.round(warmUpS),
    firstFifthMedianKiB: Math.round(first),
    lastFifthMedianKiB: Math.round(last),
    growthKiB: Math.round(last - first),
    allowedKiB: Math.round(allowed),
    grew: last - first > allowed,
  };
}

function row(cells: (string | number)[], widths: number[]): string {
  return cells.map((cell, i) => String(cell).padStart(widths[i] ?? 8)).join('  ');
}

/** Samples grouped by the minute they were taken in. */
function perMinute(samples: readonly MemorySample[]): Map<number, number[]> {
  const minutes = new Map<number, number[]>();
  for (const sample of samples) {
    const minute = Math.floor(sample.atS / 60);
    minutes.set(minute, [...(minutes.get(minute) ?? []), sample.kib]);
  }
  return minutes;
}

function verdictLine(name: string, verdict: GrowthVerdict): string {
  return `${name}: ${verdict.firstFifthMedianKiB} KiB -> ${verdict.lastFifthMedianKiB} KiB (growth ${verdict.growthKiB} KiB, allowed ${verdict.allowedKiB} KiB): ${verdict.grew ? 'GROWING' : 'not growing'}`;
}

export interface MemoryReport {
  rss: readonly MemorySample[];
  heap: readonly MemorySample[];
  rssVerdict: GrowthVerdict;
  heapVerdict: GrowthVerdict;
}

/** The deploys, one row each, then RSS (min / median / max) and the heap after GC (median) per minute, then the verdicts. */
export function formatReport(deploys: readonly DeployResult[], memory: MemoryReport): string {
  const lines: string[] = [];
  const widths = [5, 7, 5, 10, 7, 9, 7, 6];
  lines.push(row(['round', 'at (s)', 'exit', 'as doc.', 'ms', 'requests', 'failed', 'lost'], widths));
  for (const deploy of deploys) {
    lines.push(
      row([deploy.round, deploy.atS, deploy.exitCode ?? '-', deploy.asDocumented ? 'yes' : 'NO', deploy.durationMs, deploy.requests, deploy.failedRequests, deploy.lostInFlight], widths),
    );
  }
  const memoryWidths = [6, 9, 9, 9, 11];
  lines.push('', row(['minute', 'RSS min', 'median', 'max KiB', 'heap KiB'], memoryWidths));
  const heapMinutes = perMinute(memory.heap);
  for (const [minute, values] of perMinute(memory.rss)) {
    const heap = heapMinutes.get(minute);
    lines.push(row([minute, Math.min(...values), Math.round(median(values)), Math.max(...values), heap === undefined ? '-' : Math.round(median(heap))], memoryWidths));
  }
  lines.push('', `RSS rule: ${memory.rssVerdict.rule}`, verdictLine('RSS', memory.rssVerdict));
  lines.push(`heap rule: ${memory.heapVerdict.rule}`, verdictLine('heap', memory.heapVerdict));
  return lines.join('\n');
}
