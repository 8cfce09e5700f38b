/**
 * The issue's targets, checked against the figures of this run (never by a
 * timed test). Each check says the figure it used and whether the target was
 * met; null when the scenario did not run or could not be measured.
 */
import type { BenchResults } from './results';
import type { VariantResult } from './scenarios/common';
import { VARIANTS } from './runners';
import { stat, type Stat } from './stats';

export interface TargetCheck {
  target: string;
  figure: string;
  met: boolean | null;
}

const MiB = 1048576;

export function range(value: Stat | null | undefined, format: (value: number) => string): string {
  if (value === null || value === undefined) return 'not measured';
  if (value.min === value.max) return format(value.median);
  return `${format(value.median)} (min ${format(value.min)}, max ${format(value.max)})`;
}

export const ms = (value: number): string => `${value.toFixed(1)} ms`;
export const mib = (value: number): string => `${(value / MiB).toFixed(1)} MiB`;
export const percent = (value: number): string => `${(value * 100).toFixed(1)} %`;

function variant<R>(list: VariantResult<R>[] | undefined, id: string): VariantResult<R> | undefined {
  return list?.find((candidate) => candidate.id === id);
}

export function checkTargets(results: BenchResults): TargetCheck[] {
  const checks: TargetCheck[] = [];

  const deploys = variant(results.deploys?.variants, VARIANTS.naughtCore.id);
  if (deploys === undefined || deploys.runs.length === 0) {
    checks.push({ target: '0 failed requests over all deploys under load, with the graceful shutdown', figure: 'not measured', met: null });
  } else {
    const total = deploys.runs.reduce((sum, run) => sum + run.failed, 0);
    const count = deploys.runs.reduce((sum, run) => sum + run.deployCount, 0);
    const ok = deploys.runs.reduce((sum, run) => sum + run.deploysOk, 0);
    checks.push({
      target: '0 failed requests over all deploys under load, with the graceful shutdown',
      figure: `${total} failed over ${count} deploys (${ok} completed) in ${deploys.runs.length} repetitions; per repetition: ${deploys.runs.map((run) => run.failed).join(', ')}`,
      met: total === 0 && ok === count && deploys.errors.length === 0,
    });
  }

  const crash = variant(results.crash?.variants, VARIANTS.naughtCore.id);
  if (crash === undefined || crash.runs.length === 0) {
    checks.push({ target: 'a crash under load fails only the request that crashed, with the guard', figure: 'not measured', met: null });
  } else {
    const others = crash.runs.map((run) => run.failed);
    checks.push({
      target: 'a crash under load fails only the request that crashed, with the guard',
      figure: `other requests failed per repetition: ${others.join(', ')}; the crashing request: ${crash.runs.map((run) => run.crashRequest).join(', ')}`,
      met: others.every((failed) => failed === 0) && crash.errors.length === 0,
    });
  }

  const ratio = results.throughput?.ratios[VARIANTS.naughtCore.id]?.requestsPerSecond ?? null;
  const cpu = (id: string): Stat | null => {
    const runs = variant(results.throughput?.variants, id)?.runs ?? [];
    return stat(runs.map((run) => run.workerCpuUsPerRequest + run.managerCpuUsPerRequest));
  };
  const coreCpu = cpu(VARIANTS.naughtCore.id);
  const clusterCpu = cpu(VARIANTS.cluster.id);
  const us = (value: number): string => `${value.toFixed(0)} µs`;
  checks.push({
    target: "throughput at least 97 % of the bare cluster's (median of the per-repetition ratios)",
    figure:
      range(ratio, percent) +
      (coreCpu === null || clusterCpu === null ? '' : `; CPU per request (workers + manager): naught-core ${range(coreCpu, us)}, bare cluster ${range(clusterCpu, us)}`),
    met: ratio === null ? null : ratio.median >= 0.97,
  });

  const delay = crash?.summary.managerDelayMs ?? null;
  checks.push({
    target: "a replacement online within 100 ms of the app's own boot time (median, with the guard)",
    figure:
      delay === null
        ? 'not measured'
        : `replacement online ${range(crash?.summary.replacementMs, ms)} after the crash; its own boot ${range(crash?.summary.replacementBootMs, ms)}; difference ${range(delay, ms)}`,
    met: delay === null ? null : delay.median <= 100,
  });

  const coreIdle = variant(results.startup?.variants, VARIANTS.naughtCore.id)?.summary.managerRssBytes ?? null;
  const pm2Idle = variant(results.startup?.variants, VARIANTS.pm2.id)?.summary.managerRssBytes ?? null;
  const coreBusy = variant(results.throughput?.variants, VARIANTS.naughtCore.id)?.summary.managerRssBytes ?? null;
  const pm2Busy = variant(results.throughput?.variants, VARIANTS.pm2.id)?.summary.managerRssBytes ?? null;
  const memoryMeasured = (coreIdle !== null && pm2Idle !== null) || (coreBusy !== null && pm2Busy !== null);
  checks.push({
    target: "manager memory no more than pm2's daemon, in the same run (medians, at rest and after load)",
    figure: `at rest: naught-core ${range(coreIdle, mib)}, pm2 ${range(pm2Idle, mib)}; after the throughput load: naught-core ${range(coreBusy, mib)}, pm2 ${range(pm2Busy, mib)}`,
    met: !memoryMeasured
      ? null
      : (coreIdle === null || pm2Idle === null || coreIdle.median <= pm2Idle.median) && (coreBusy === null || pm2Busy === null || coreBusy.median <= pm2Busy.median),
  });

  const logs = results.logs?.variants[0];
  if (logs === undefined || logs.runs.length === 0) {
    checks.push({ target: 'log pipeline at least 100 MB/s, 0 lines lost, each file at most --max-log-size plus one line', figure: 'not measured', met: null });
  } else {
    const rate = logs.summary.mibPerSecond ?? null;
    const lost = logs.runs.reduce((sum, run) => sum + run.linesLost + run.linesDuplicated + run.outOfOrder, 0);
    const over = logs.runs.reduce((sum, run) => sum + run.filesOverLimit, 0);
    const rotations = Math.min(...logs.runs.map((run) => run.rotations));
    checks.push({
      target: 'log pipeline at least 100 MB/s, 0 lines lost, each file at most --max-log-size plus one line',
      figure:
        `${range(rate, (value) => `${value.toFixed(1)} MiB/s`)} (1 MiB = 1.048576 MB); lines lost, duplicated or out of order: ${lost}; ` +
        `files over the limit: ${over}; at least ${rotations} rotations per repetition`,
      met: rate === null ? null : rate.median * 1.048576 >= 100 && lost === 0 && over === 0 && rotations >= 10,
    });
  }
  return checks;
}
