/**
 * The steps the kill, never-online and stubborn-worker tests share around
 * their fault: a server of 2 workers started (or caught mid-boot), a load
 * flowing through it, the checks once it is over, and the clean stop.
 */
import { strict as assert } from 'node:assert';
import type { LoadSummary } from '../../bench/load';
import { LiveRun, waitFor, type Sandbox, type SandboxContext } from '../../test/helpers/naught';
import { bootLines, text } from '../../test/helpers/expected-output';
import { daemonPid } from '../../test/helpers/processes';
import { EventLog } from './kill-event-log';
import { fixtureEnv, setHolds, useFaultFixture } from './kill-fixtures';
import { waitForWorkerCount } from './kill-processes';
import { stopCleanly } from './kill-stale';
import { describeFailures, startTimedLoad, type TimedLoad } from './load-timed';

const START_TWO = ['start', '--worker-count', '2', 'server.js'];

export interface HeldServer {
  env: NodeJS.ProcessEnv;
  log: EventLog;
  daemon: number;
}

/** fa-hold.js held `onlineMs` at boot; `naught start` of 2 workers runs until both are spawned (SpawnNew ×2). */
export async function startHeldAtBoot(ctx: SandboxContext, onlineMs: number): Promise<HeldServer & { start: LiveRun }> {
  const { sandbox, port } = ctx;
  useFaultFixture(sandbox, 'fa-hold.js');
  setHolds(sandbox, { onlineMs });
  const env = fixtureEnv(port);
  const log = new EventLog(sandbox);
  const start = LiveRun.naught(sandbox, START_TWO, { env });
  await log.waitForEvent('SpawnNew', 2);
  return { env, log, start, daemon: daemonPid(sandbox) };
}

/** fa-hold.js without holds; `naught start` of 2 workers exits 0. */
export async function startHeldServer(ctx: SandboxContext): Promise<HeldServer> {
  const { sandbox, port } = ctx;
  useFaultFixture(sandbox, 'fa-hold.js');
  const env = fixtureEnv(port);
  const log = new EventLog(sandbox);
  assert.equal((await sandbox.naught(START_TWO, { env })).code, 0);
  return { env, log, daemon: daemonPid(sandbox) };
}

/** `naught start` of 2 workers (fixture already in place) prints exactly the documented boot; returns the daemon and its workers. */
export async function startTwoWorkers(sandbox: Sandbox, env: NodeJS.ProcessEnv): Promise<{ daemon: number; workers: number[] }> {
  const start = await sandbox.naught(START_TWO, { env });
  assert.deepStrictEqual(start, { stdout: 'workers online: 2\n', stderr: text(...bootLines(2)), code: 0, signal: null });
  const daemon = daemonPid(sandbox);
  return { daemon, workers: await waitForWorkerCount(daemon, 2) };
}

/** Starts a tracked load on `port` and waits until more than `minimum` requests were answered. */
export async function startLoadAndWaitForFlow(loads: { track(load: TimedLoad): TimedLoad }, port: number, minimum: number): Promise<TimedLoad> {
  const load = loads.track(startTimedLoad(port));
  await waitFor(() => load.answered() > minimum, 15_000, 'the load to flow');
  return load;
}

/** Waits until `more` requests were answered from now (`what` names who answers them), then stops the load. */
export async function stopLoadAfterMoreAnswers(load: TimedLoad, more: number, what: string): Promise<LoadSummary> {
  const answered = load.answered();
  await waitFor(() => load.answered() > answered + more, 15_000, what);
  return load.stop();
}

/** No request of the load failed or was lost in flight; `why` opens the assertion message. */
export function assertNothingFailed(summary: LoadSummary, why: string): void {
  assert.deepStrictEqual(
    { failed: summary.failed, lostInFlight: summary.lostInFlight },
    { failed: 0, lostInFlight: 0 },
    `${why}: ${describeFailures(summary.samples.filter((sample) => !sample.ok))}`,
  );
}

/** `naught status` says 2 workers online. */
export async function assertTwoOnline(sandbox: Sandbox): Promise<void> {
  assert.deepStrictEqual(await sandbox.naught(['status']), { stdout: 'workers online: 2\n', stderr: '', code: 0, signal: null });
}

/** Clears the holds, then stops the 2 workers cleanly. */
export async function releaseHoldsAndStop(sandbox: Sandbox, daemon: number): Promise<void> {
  setHolds(sandbox, {});
  await stopCleanly(sandbox, daemon, 2);
}
