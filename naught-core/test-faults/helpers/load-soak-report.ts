/**
 * The soak's verdict and its printout: per-deploy results, the daemon's RSS
 * over time, and the rule that decides "RSS not growing".
 *
 * The rule: samples taken during the warm-up (the first WARM_UP_FRACTION of
 * the run, at least WARM_UP_MIN_S seconds) are left out, because V8 and the
 * log writers grow to their working size first. Of the rest, the median of
 * the last fifth is compared with the median of the first fifth; RSS has
 * grown if the difference exceeds the larger of ALLOWED_GROWTH_KIB and
 * ALLOWED_GROWTH_FRACTION of the first median. Medians, because the GC makes
 * RSS a sawtooth; fifths, because a leak shows as a trend over the whole run.
 */

export const WARM_UP_FRACTION = 0.1;
export const WARM_UP_MIN_S = 30;
export const ALLOWED_GROWTH_KIB = 4 * 1024;
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

export interface RssSample {
  atS: number;
  kib: number;
}

export interface RssVerdict {
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

export function judgeRss(samples: readonly RssSample[], durationS: number): RssVerdict {
  const warmUpS = Math.max(WARM_UP_MIN_S, durationS * WARM_UP_FRACTION);
  const steady = samples.filter((sample) => sample.atS >= warmUpS);
  if (steady.length < 10) throw new Error(`too few RSS samples after the ${warmUpS} s warm-up (${steady.length}): run longer`);
  const fifth = Math.max(1, Math.floor(steady.length / 5));
  const first = median(steady.slice(0, fifth).map((sample) => sample.kib));
  const last = median(steady.slice(-fifth).map((sample) => sample.kib));
  const allowed = Math.max(ALLOWED_GROWTH_KIB, first * ALLOWED_GROWTH_FRACTION);
  return {
    rule: `median RSS of the last fifth minus that of the first fifth (after a ${Math.round(warmUpS)} s warm-up) must not exceed max(${ALLOWED_GROWTH_KIB / 1024} MiB, ${ALLOWED_GROWTH_FRACTION * 100} % of the first)`,
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

/** The deploys, one row each, then the RSS per minute (min / median / max), then the verdict. */
export function formatReport(deploys: readonly DeployResult[], rss: readonly RssSample[], verdict: RssVerdict): string {
  const lines: string[] = [];
  const widths = [5, 7, 5, 10, 7, 9, 7, 6];
  lines.push(row(['round', 'at (s)', 'exit', 'as doc.', 'ms', 'requests', 'failed', 'lost'], widths));
  for (const deploy of deploys) {
    lines.push(
      row([deploy.round, deploy.atS, deploy.exitCode ?? '-', deploy.asDocumented ? 'yes' : 'NO', deploy.durationMs, deploy.requests, deploy.failedRequests, deploy.lostInFlight], widths),
    );
  }
  lines.push('', row(['minute', 'min KiB', 'median', 'max KiB'], [6, 9, 9, 9]));
  const minutes = new Map<number, number[]>();
  for (const sample of rss) minutes.set(Math.floor(sample.atS / 60), [...(minutes.get(Math.floor(sample.atS / 60)) ?? []), sample.kib]);
  for (const [minute, values] of minutes) lines.push(row([minute, Math.min(...values), Math.round(median(values)), Math.max(...values)], [6, 9, 9, 9]));
  lines.push('', `RSS rule: ${verdict.rule}`);
  lines.push(`RSS: ${verdict.firstFifthMedianKiB} KiB -> ${verdict.lastFifthMedianKiB} KiB (growth ${verdict.growthKiB} KiB, allowed ${verdict.allowedKiB} KiB): ${verdict.grew ? 'GROWING' : 'not growing'}`);
  return lines.join('\n');
}
