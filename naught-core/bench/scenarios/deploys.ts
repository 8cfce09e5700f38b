/**
 * Scenario 2: deploys under load. autocannon keeps 20 keep-alive connections
 * busy while the manager's deploy command runs N times in a row (naught
 * deploy, pm2 reload), with a short pause between deploys. Every failed
 * request (error, timeout, non-2xx) counts, and each is also attributed to
 * the deploy during or after which it happened. The load goes on after the
 * last deploy for longer than the request timeout, so that a request stuck in
 * the last deploy is counted as a timeout too.
 */
import type { BenchConfig } from '../config';
import { startLoad } from '../load';
import { now, sleep } from '../processes';
import { VARIANTS, type Runner, type RunnerContext } from '../runners';
import { stat } from '../stats';
import { countFailures, pickVariants, repeat, short, type ScenarioResult } from './common';

export interface DeployRecord {
  /** ms since the load started. */
  startAt: number;
  ms: number;
  /** From the deploy command to the last new worker's 'online' (the rest of `ms` is the old workers leaving, and the command's own exit). */
  newOnlineMs: number | null;
  ok: boolean;
  detail: string;
  /**
   * Failed requests from this deploy's start to the next deploy's start (or
   * the end of the load): those with a time (errors, timeouts, non-2xx), not
   * those lost in flight, which load.ts counts per connection only.
   */
  failed: number;
}

export interface DeploysRun {
  rep: number;
  deployCount: number;
  deploysOk: number;
  /** Over the whole load: errors + timeouts + non-2xx (autocannon's totals) + requests lost in flight (load.ts). */
  failed: number;
  lostInFlight: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  requests: number;
  /** Failures before the first deploy (should be none). */
  failedBeforeFirstDeploy: number;
  deploys: DeployRecord[];
  /** The failures by kind ('ECONNRESET', 'timeout', 'HTTP 503', 'lost in flight' ...), counted. */
  failureKinds: Record<string, number>;
}

export async function deploysScenario(config: BenchConfig, context: RunnerContext): Promise<ScenarioResult<DeploysRun>> {
  const started = Date.now();
  const { connections, count, pauseMs, timeoutSeconds } = config.deploys;
  const all = [VARIANTS.naughtCore, VARIANTS.naughtCoreReadme, VARIANTS.pm2, VARIANTS.naught160];
  const { chosen, skipped } = pickVariants(all, config, context);
  const variants = await repeat(
    'deploys',
    chosen,
    config,
    context,
    async (runner: Runner, rep: number): Promise<DeploysRun> => {
      const deploy = runner.deploy;
      if (deploy === undefined) throw new Error(`${runner.variant.label} has no deploy`);
      await runner.start();
      const loadStarted = now();
      // Bounded: every deploy command is killed after 90 s anyway.
      const load = startLoad({ url: `http://127.0.0.1:${runner.port}/`, connections, maxSeconds: count * 100 + 60, timeoutSeconds });
      await sleep(1_000);
      const deploys: DeployRecord[] = [];
      for (let index = 0; index < count; index++) {
        const startedAt = now();
        const outcome = await deploy();
        const online = runner.events.ofType('online').filter((event) => event.t >= startedAt);
        const newOnlineMs = online.length >= runner.variant.workers ? Math.max(...online.map((event) => event.t)) - startedAt : null;
        deploys.push({ startAt: startedAt - loadStarted, ms: outcome.ms, newOnlineMs, ok: outcome.ok, detail: outcome.detail, failed: 0 });
        await sleep(pauseMs);
      }
      await sleep(timeoutSeconds * 1000 + 1_000);
      const summary = await load.stop();
      const failures = summary.samples.filter((sample) => !sample.ok);
      deploys.forEach((record, index) => {
        const until = deploys[index + 1]?.startAt ?? Infinity;
        record.failed = failures.filter((sample) => sample.at >= record.startAt && sample.at < until).length;
      });
      return {
        rep,
        deployCount: deploys.length,
        deploysOk: deploys.filter((record) => record.ok).length,
        failed: summary.failed,
        lostInFlight: summary.lostInFlight,
        errors: summary.errors,
        timeouts: summary.timeouts,
        non2xx: summary.non2xx,
        requests: summary.requests,
        failedBeforeFirstDeploy: failures.filter((sample) => sample.at < (deploys[0]?.startAt ?? Infinity)).length,
        deploys,
        failureKinds: countFailures(summary),
      };
    },
    (run) => {
      const durations = run.deploys.map((record) => record.ms).sort((a, b) => a - b);
      return `${run.failed} failed over ${run.deploysOk}/${run.deployCount} deploys (${JSON.stringify(run.failureKinds)}), deploy ${short(durations[0], 0)}-${short(durations[durations.length - 1], 0)} ms`;
    },
  );
  // Each deploy's figures, over all the repetitions, summarized too.
  for (const variant of variants) {
    variant.summary.deployMs = stat(variant.runs.flatMap((run) => run.deploys.map((record) => record.ms)));
    variant.summary.newOnlineMs = stat(variant.runs.flatMap((run) => run.deploys.flatMap((record) => (record.newOnlineMs === null ? [] : [record.newOnlineMs]))));
  }
  return { seconds: (Date.now() - started) / 1000, parameters: { connections, deploysPerRepetition: count, pauseMs, requestTimeoutSeconds: timeoutSeconds }, variants, skipped };
}
