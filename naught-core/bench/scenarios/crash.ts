/**
 * Scenario 3: a crash under load. With 2 workers serving autocannon's 20
 * keep-alive connections, one GET /crash on a connection of its own makes the
 * worker that takes it throw in a timer (an uncaught exception). Measured:
 * the requests of the load that failed (the crashing request itself is not
 * part of the load and never succeeds), and the time from the crash to the
 * replacement's 'online', next to that replacement's own boot time (its
 * process.uptime() when it started listening).
 *
 * The crash comes at least 3.5 s after the workers came online: naught-core
 * (like any manager with a crash-loop backoff) delays the restart of a worker
 * that dies within 3 s of coming online, and that is not what is measured.
 */
import type { BenchConfig } from '../config';
import type { AppEvent } from '../events';
import { startLoad } from '../load';
import { getOnce, isAlive, now, sleep, waitFor } from '../processes';
import { VARIANTS, type Runner, type RunnerContext } from '../runners';
import { countFailures, pickVariants, repeat, short, type ScenarioResult } from './common';

export interface CrashRun {
  rep: number;
  /** How the GET /crash ended ('timeout', 'ECONNRESET' ...). */
  crashRequest: string;
  /** errors + timeouts + non-2xx + lost in flight, of the load only. */
  failed: number;
  lostInFlight: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  requests: number;
  /** From the crash (the worker's 'crash' event) to the replacement's 'online'. */
  replacementMs: number | null;
  /** The replacement's own boot time: process start to listening. */
  replacementBootMs: number | null;
  /** replacementMs - replacementBootMs: what the manager adds to the app's boot. */
  managerDelayMs: number | null;
  /** From the crash to the exit of the crashed worker. */
  crashedExitMs: number | null;
  failureKinds: Record<string, number>;
}

export async function crashScenario(config: BenchConfig, context: RunnerContext): Promise<ScenarioResult<CrashRun>> {
  const started = Date.now();
  const { connections, timeoutSeconds } = config.crash;
  const all = [VARIANTS.naughtCore, VARIANTS.naughtCoreNoGuard, VARIANTS.pm2, VARIANTS.naught160];
  const { chosen, skipped } = pickVariants(all, config, context);
  const variants = await repeat(
    'crash',
    chosen,
    config,
    context,
    async (runner: Runner, rep: number): Promise<CrashRun> => {
      await runner.start();
      const lastOnline = Math.max(...runner.events.ofType('online').map((event) => event.t));
      // Load for 1 s before the crash, and the crash no earlier than 3.5 s after the workers came online.
      await sleep(Math.max(0, lastOnline + 2_500 - now()));
      const load = startLoad({ url: `http://127.0.0.1:${runner.port}/`, connections, maxSeconds: 60, timeoutSeconds });
      await sleep(1_000);
      const answer = await getOnce(runner.port, '/crash', 2_000);
      const crashRequest = answer.status !== null ? `HTTP ${answer.status}` : (answer.error ?? 'no answer');
      const crash = await waitFor(() => runner.events.ofType('crash')[0], 5_000);
      if (crash === null) throw new Error('no worker reported the crash');
      const [replacement, exited] = await Promise.all([
        waitFor(() => runner.events.ofType('online').find((event: AppEvent) => event.t > crash.t && event.pid !== crash.pid), 20_000),
        waitFor(() => (isAlive(crash.pid) ? null : now()), 20_000),
      ]);
      // Keep the load past the request timeout after the crash, so that a stuck request counts.
      await sleep(Math.max(1_000, crash.t + timeoutSeconds * 1000 + 1_000 - now()));
      const summary = await load.stop();
      const replacementMs = replacement === null ? null : replacement.t - crash.t;
      const replacementBootMs = replacement?.bootMs ?? null;
      return {
        rep,
        crashRequest,
        failed: summary.failed,
        lostInFlight: summary.lostInFlight,
        errors: summary.errors,
        timeouts: summary.timeouts,
        non2xx: summary.non2xx,
        requests: summary.requests,
        replacementMs,
        replacementBootMs,
        managerDelayMs: replacementMs === null || replacementBootMs === null ? null : replacementMs - replacementBootMs,
        crashedExitMs: exited === null ? null : exited - crash.t,
        failureKinds: countFailures(summary),
      };
    },
    (run) =>
      `${run.failed} failed (${JSON.stringify(run.failureKinds)}), crash request: ${run.crashRequest}, replacement online after ${short(run.replacementMs)} ms ` +
      `(its boot ${short(run.replacementBootMs)} ms), crashed worker gone after ${short(run.crashedExitMs, 0)} ms`,
  );
  return { seconds: (Date.now() - started) / 1000, parameters: { connections, workers: 2, requestTimeoutSeconds: timeoutSeconds }, variants, skipped };
}
