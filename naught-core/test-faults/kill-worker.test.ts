// SIGKILL of a worker at chosen points: serving under load, booting in a
// deploy, retiring after its drain, dying in a stop, booting at start.
// naught-core promises recovery (a replacement with the same index, back to N
// workers), zero downtime for deploys, and no orphan. A SIGKILLed worker
// loses the requests it had in flight: those are counted, not hidden.
import { strict as assert } from 'node:assert';
import { LiveRun, isAlive, useSandbox } from '../test/helpers/naught';
import { CRASHED_AT_BOOT, DEPLOY_FAILED, deployLines, ev, stopLines, text } from '../test/helpers/expected-output';
import { daemonPid, waitForDeath } from '../test/helpers/processes';
import { assertStoppedClean } from '../test/helpers/fixes-helpers';
import { recordOutcome } from './helpers/record';
import { EventLog, nonEventLines } from './helpers/kill-event-log';
import { fixtureEnv, setHolds, useFaultFixture, waitForDrained } from './helpers/kill-fixtures';
import { orphansAfter, sigkill, waitForNewWorkers, waitForTree, waitForWorkerCount, workerIndexOf } from './helpers/kill-processes';
import { stopCleanly } from './helpers/kill-stale';
import { describeFailures, failuresFrom, figuresOf, useLoadCleanup } from './helpers/load-timed';
import {
  assertNothingFailed,
  assertTwoOnline,
  releaseHoldsAndStop,
  startHeldAtBoot,
  startLoadAndWaitForFlow,
  startTwoWorkers,
  stopLoadAfterMoreAnswers,
} from './helpers/kill-scenario';

const EVENT_NAME = /^([A-Z][A-Za-z]+)\. booting: /;

describe('faults: SIGKILL of a worker', function () {
  this.timeout(90_000);
  const loads = useLoadCleanup();
  const ctx = useSandbox();

  /** Starts 2 fa-hold.js workers; returns the daemon and its workers. */
  async function startTwo(): Promise<{ daemon: number; workers: number[]; env: NodeJS.ProcessEnv; log: EventLog }> {
    const { sandbox, port } = ctx;
    useFaultFixture(sandbox, 'fa-hold.js');
    const env = fixtureEnv(port);
    const { daemon, workers } = await startTwoWorkers(sandbox, env);
    return { daemon, workers, env, log: new EventLog(sandbox) };
  }

  it('serving under load: the master replaces it with the same index, back to 2 workers, no request fails once the replacement is online', async () => {
    const { daemon, workers, log } = await startTwo();
    const load = await startLoadAndWaitForFlow(loads, ctx.port, 200);
    const [victim, survivor] = workers as [number, number];
    const victimIndex = workerIndexOf(victim);
    const mark = await log.markWhenIdle();
    const killedAt = load.now();
    sigkill(victim);
    await log.waitForEvent('Ready', 1, mark);
    const recoveredAt = load.now();
    const now = await waitForWorkerCount(daemon, 2);
    const replacement = now.find((pid) => pid !== survivor);
    assert.ok(replacement !== undefined && replacement !== victim, `a new worker replaced ${victim}: ${now.join(', ')}`);
    assert.equal(workerIndexOf(replacement), victimIndex, 'the replacement takes the index of the killed worker');
    assert.ok(!isAlive(victim));
    const events = log.since(mark).flatMap((line) => EVENT_NAME.exec(line)?.slice(1, 2) ?? []);
    assert.deepStrictEqual(events, ['WorkerDeath', 'SpawnNew', 'WorkerOnline', 'Ready']);
    const delayed = log.since(mark).some((line) => / crashed 1 time in a row; restarting in 100 ms$/.test(line));

    const summary = await stopLoadAfterMoreAnswers(load, 500, 'more requests after the recovery');
    const lateFailures = failuresFrom(summary, recoveredAt);
    assert.equal(lateFailures.length, 0, `requests failed after the replacement was online: ${describeFailures(lateFailures)}`);
    await stopCleanly(ctx.sandbox, daemon, 2);
    recordOutcome({
      area: 'kill',
      fault: 'SIGKILL worker',
      point: 'serving, 2 workers, under load',
      outcome: `replaced (same NAUGHT_WORKER)${delayed ? ' after the 100 ms crash delay (it had lived < 3 s)' : ' at once'}; back to 2 workers; 0 failures after the replacement was online`,
      ...figuresOf(summary),
      orphans: 0,
      // The failures and losses all come from the kill: the killed worker's requests in flight.
      figures: { failedAfterRecovery: lateFailures.length, recoveryMs: Math.round(recoveredAt - killedAt) },
    });
  });

  it('booting in a deploy, under load: the deploy fails with the documented lines, the old workers serve throughout, 0 failed requests', async () => {
    const { sandbox } = ctx;
    const { daemon, workers, env, log } = await startTwo();
    const load = await startLoadAndWaitForFlow(loads, ctx.port, 200);
    setHolds(sandbox, { onlineMs: 60_000 });
    const mark = await log.markWhenIdle();
    const deploy = LiveRun.naught(sandbox, ['deploy'], { env });
    await log.waitForEvent('SpawnNew', 2, mark);
    const newWorkers = await waitForNewWorkers(daemon, workers, 2);
    sigkill(newWorkers[0] as number);

    const result = await deploy.result;
    assert.deepStrictEqual(result, {
      stdout: `${DEPLOY_FAILED}\n`,
      stderr: text(ev('SpawnNew', 1, 2, 0, 0), ev('SpawnNew', 2, 2, 0, 0), ev('NewDeath', 1, 2, 0, 0), ev('DestroyNew', 0, 2, 0, 0), ev('NewDestroyed', 0, 2, 0, 0)),
      code: 1,
      signal: null,
    });
    await waitForDeath(newWorkers, 'the new workers to be gone');
    const summary = await stopLoadAfterMoreAnswers(load, 200, 'the old workers to keep answering');
    assertNothingFailed(summary, 'the old workers kept serving');
    await assertTwoOnline(sandbox);
    assert.deepStrictEqual((await waitForWorkerCount(daemon, 2)).sort(), [...workers].sort(), 'the old workers are the ones left');
    await releaseHoldsAndStop(sandbox, daemon);
    recordOutcome({
      area: 'kill',
      fault: 'SIGKILL worker',
      point: 'deploy, a new worker booting (after SpawnNew ×2), under load',
      outcome: 'NewDeath, the other new worker destroyed, Deploy failed (exit 1); old workers served throughout; status workers online: 2',
      ...figuresOf(summary),
      orphans: 0,
    });
  });

  it('retiring in a deploy after its drain, under load: the deploy completes (done), nothing is lost', async () => {
    const { sandbox } = ctx;
    const { daemon, workers, env, log } = await startTwo();
    const load = await startLoadAndWaitForFlow(loads, ctx.port, 200);
    // The old workers drain, then hold 3 s before they exit: one of them is killed in that hold.
    setHolds(sandbox, { shutdownMs: 3_000 });
    const mark = await log.markWhenIdle();
    const deploy = LiveRun.naught(sandbox, ['deploy'], { env, timeoutMs: 60_000 });
    await log.waitForEvent('ShutdownOld', 2, mark);
    const victim = workers[0] as number;
    await waitForDrained(sandbox, victim);
    sigkill(victim);

    const result = await deploy.result;
    assert.deepStrictEqual(result, { stdout: '', stderr: text(...deployLines(2, 2), 'done'), code: 0, signal: null });
    const summary = await stopLoadAfterMoreAnswers(load, 200, 'the new workers to answer');
    assertNothingFailed(summary, 'a drained worker had nothing left to lose');
    const now = await waitForWorkerCount(daemon, 2);
    assert.ok(now.every((pid) => !workers.includes(pid)), 'both old workers are gone');
    await releaseHoldsAndStop(sandbox, daemon);
    recordOutcome({
      area: 'kill',
      fault: 'SIGKILL worker',
      point: 'deploy, an old worker retiring after its drain (after ShutdownOld ×2), under load',
      outcome: 'counted as OldExit; deploy ends with done (exit 0); new workers serve',
      ...figuresOf(summary),
      orphans: 0,
    });
  });

  it('dying in a stop: both killed after their drain, the stop ends at once with exit 0 and leaves nothing', async () => {
    const { sandbox } = ctx;
    const { daemon, workers, log } = await startTwo();
    setHolds(sandbox, { shutdownMs: 60_000 });
    const mark = await log.markWhenIdle();
    const stop = LiveRun.naught(sandbox, ['stop'], { timeoutMs: 30_000 });
    await log.waitForEvent('ShutdownOld', 2, mark);
    for (const worker of workers) await waitForDrained(sandbox, worker);
    for (const worker of workers) sigkill(worker);

    const result = await stop.result;
    assert.deepStrictEqual(result, { stdout: '', stderr: text(...stopLines(2)), code: 0, signal: null });
    await assertStoppedClean(sandbox, daemon);
    assert.equal(log.lines().at(-1), ev('Shutdown', 0, 0, 0, 0), 'the naught log ends with Shutdown');
    recordOutcome({ area: 'kill', fault: 'SIGKILL worker', point: 'stop, both workers dying after their drain', outcome: 'OldExit ×2, stop exits 0, no ipc/pid file, nothing left', orphans: 0 });
  });

  it('booting at start: the start fails with the crash-at-boot message, the other worker is destroyed, nothing is left, a new start works', async () => {
    const { sandbox } = ctx;
    const { env, log, start, daemon } = await startHeldAtBoot(ctx, 60_000);
    const tree = await waitForTree(daemon, 3, 'the daemon and its 2 booting workers');
    sigkill(tree[1] as number);

    const result = await start.result;
    assert.equal(result.code, 1);
    assert.deepStrictEqual(nonEventLines(result), [CRASHED_AT_BOOT]);
    const orphans = await orphansAfter(tree, sandbox);
    assert.deepStrictEqual(orphans, []);
    assert.deepStrictEqual(log.eventsSince(0), ['Bootup', 'SpawnNew', 'SpawnNew', 'NewDeath', 'DestroyNew', 'NewDestroyed', 'Shutdown']);
    assert.equal(sandbox.exists('naught.ipc'), false, 'no ipc file after the failed start');
    assert.equal(sandbox.exists('naught.pid'), false, 'no pid file after the failed start');

    setHolds(sandbox, {});
    const again = await sandbox.naught(['start', '--worker-count', '2', 'server.js'], { env });
    assert.equal(again.code, 0, again.stderr);
    await stopCleanly(sandbox, daemonPid(sandbox), 2);
    recordOutcome({
      area: 'kill',
      fault: 'SIGKILL worker',
      point: 'boot, one of 2 workers booting',
      outcome: 'NewDeath, DestroyNew, NewDestroyed, Shutdown; start exits 1 (crashed without booting); no file or process left; new start works',
      orphans: orphans.length,
    });
  });
});
