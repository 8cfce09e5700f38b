/**
 * Scenario 1: throughput and latency. Each variant serves GET / to autocannon
 * (20 keep-alive connections, as fast as it answers) for a warm-up, then for
 * the measured load, during which the CPU time of its workers and manager
 * processes is taken from /proc; then the RSS of its manager processes is
 * read, still warm. The ratios to the bare cluster are taken per repetition (the cluster
 * ran in the same repetition), then summarized.
 */
import type { BenchConfig } from '../config';
import { startLoad } from '../load';
import { cpuMs, rssBytes, sleep } from '../processes';
import { VARIANTS, type Runner, type RunnerContext } from '../runners';
import { stat, sum, type Stat } from '../stats';
import { pickVariants, repeat, short, type ScenarioResult } from './common';

export interface ThroughputRun {
  rep: number;
  /** autocannon's mean of its per-second request counts. */
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** errors + timeouts + non-2xx + lost in flight. */
  failed: number;
  /**
   * CPU time (user + system) used during the measured load by the workers and
   * by the manager processes, per answered request, in microseconds. Unlike
   * requests/s, it leaves out the time spent waiting for a core.
   */
  workerCpuUsPerRequest: number;
  managerCpuUsPerRequest: number;
  /** RSS of every manager process right after the load, summed (0 processes for bare node). */
  managerRssBytes: number;
  managerProcesses: number;
}

export interface ThroughputResult extends ScenarioResult<ThroughputRun> {
  /** Per variant: the ratio to the bare cluster of the same repetition, min / median / max. */
  ratios: Record<string, { requestsPerSecond: Stat | null; p99Ms: Stat | null }>;
}

export async function throughputScenario(config: BenchConfig, context: RunnerContext): Promise<ThroughputResult> {
  const started = Date.now();
  const { connections, warmupSeconds, seconds } = config.throughput;
  const { chosen, skipped } = pickVariants(
    [VARIANTS.node, VARIANTS.cluster, VARIANTS.naughtCore, VARIANTS.naughtCoreReadme, VARIANTS.pm2, VARIANTS.naught160],
    config,
    context,
  );
  const variants = await repeat(
    'throughput',
    chosen,
    config,
    context,
    async (runner: Runner, rep: number): Promise<ThroughputRun> => {
      await runner.start();
      const url = `http://127.0.0.1:${runner.port}/`;
      const warmup = startLoad({ url, connections, maxSeconds: warmupSeconds });
      await sleep(warmupSeconds * 1000 + 300);
      await warmup.stop();
      const managers = runner.managerPids();
      const workers = runner.events.workerPids().filter((pid) => !managers.includes(pid));
      const cpu = (pids: number[]): number => sum(pids.map((pid) => cpuMs(pid) ?? 0));
      const before = { workers: cpu(workers), managers: cpu(managers) };
      const load = startLoad({ url, connections, maxSeconds: seconds });
      // autocannon ends the load by itself after `seconds`; stop() then only collects it.
      await sleep(seconds * 1000 + 500);
      const after = { workers: cpu(workers), managers: cpu(managers) };
      const summary = await load.stop();
      return {
        rep,
        requestsPerSecond: summary.result.requests.average,
        p50Ms: summary.result.latency.p50,
        p99Ms: summary.result.latency.p99,
        requests: summary.requests,
        failed: summary.failed,
        workerCpuUsPerRequest: ((after.workers - before.workers) * 1000) / summary.ok,
        managerCpuUsPerRequest: ((after.managers - before.managers) * 1000) / summary.ok,
        managerRssBytes: sum(managers.map((pid) => rssBytes(pid) ?? 0)),
        managerProcesses: managers.length,
      };
    },
    (run) =>
      `${short(run.requestsPerSecond, 0)} req/s, p99 ${run.p99Ms} ms, ${run.failed} failed, CPU per request ${short(run.workerCpuUsPerRequest, 0)} + ${short(run.managerCpuUsPerRequest, 0)} µs, ` +
      `managers ${short(run.managerRssBytes / 1048576)} MiB`,
  );
  const baseline = variants.find((variant) => variant.id === VARIANTS.cluster.id);
  const ratios: ThroughputResult['ratios'] = {};
  for (const variant of variants) {
    const pairs = variant.runs.flatMap((run) => {
      const base = baseline?.runs.find((candidate) => candidate.rep === run.rep);
      return base === undefined ? [] : [{ rps: run.requestsPerSecond / base.requestsPerSecond, p99: run.p99Ms / base.p99Ms }];
    });
    ratios[variant.id] = { requestsPerSecond: stat(pairs.map((pair) => pair.rps)), p99Ms: stat(pairs.map((pair) => pair.p99)) };
  }
  return { seconds: (Date.now() - started) / 1000, parameters: { connections, warmupSeconds, seconds }, variants, skipped, ratios };
}
