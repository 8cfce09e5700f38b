// SIGKILL of the daemon in daemon mode in the middle of a deploy under load:
// while the new workers boot, and while the old ones retire. The daemon is
// also the cluster master (see helpers/kill-processes.ts). Each point is
// reached by waiting for its event line in naught.log while fa-hold.js holds
// the phase open, so the kill lands inside it.
import { strict as assert } from 'node:assert';
import { LiveRun, isAlive, useSandbox } from '../test/helpers/naught';
import { waitForDeath } from '../test/helpers/processes';
import { measureDowntime } from '../bench/load';
import { recordOutcome } from './helpers/record';
import { nonEventLines } from './helpers/kill-event-log';
import { expectStaleFiles, startOverStaleFiles, stopCleanly } from './helpers/kill-stale';
import { setHolds } from './helpers/kill-fixtures';
import { leftoversEnded, orphansAfter, sigkill, treeOf, waitForTree, waitForWorkerCount } from './helpers/kill-processes';
import { describeFailures, failuresFrom, figuresOf, useLoadCleanup } from './helpers/load-timed';
import { startHeldServer, startLoadAndWaitForFlow, stopLoadAfterMoreAnswers } from './helpers/kill-scenario';

const BOOTUP_NEVER_SUCCEEDED = "Bootup never succeeded. Check stderr.log and usage of 'online' and 'shutdown' events.";

describe('faults: SIGKILL of the daemon (= the cluster master) during a deploy, daemon mode', function () {
  this.timeout(90_000);
  const loads = useLoadCleanup();
  const ctx = useSandbox();

  it('during deploy, new workers booting, under load: deploy says Bootup never succeeded, the tree ends, stale files reported, start --remove-old-ipc serves again', async () => {
    const { sandbox, port } = ctx;
    const { env, log, daemon } = await startHeldServer(ctx);
    const load = await startLoadAndWaitForFlow(loads, port, 100);

    setHolds(sandbox, { onlineMs: 60_000 });
    const mark = await log.markWhenIdle();
    const deploy = LiveRun.naught(sandbox, ['deploy'], { env });
    await log.waitForEvent('SpawnNew', 2, mark);
    const tree = await waitForTree(daemon, 5, 'the daemon, 2 old and 2 new workers');
    const killedAt = load.now();
    sigkill(daemon);

    const result = await deploy.result;
    assert.equal(result.code, 1);
    assert.deepStrictEqual(nonEventLines(result), [BOOTUP_NEVER_SUCCEEDED]);
    const orphans = await orphansAfter(tree, sandbox);
    assert.deepStrictEqual(orphans, [], 'nothing of the killed tree is left');
    await expectStaleFiles(sandbox, daemon, ['--worker-count', '2', 'server.js'], env);

    setHolds(sandbox, {});
    const restarted = await startOverStaleFiles(sandbox, 2, env);
    const restartedAt = load.now();
    const summary = await stopLoadAfterMoreAnswers(load, 200, 'the restarted server to answer the load');
    const lateFailures = failuresFrom(summary, restartedAt);
    assert.deepStrictEqual(lateFailures.length, 0, `requests failed after the restart: ${describeFailures(lateFailures)}`);
    const outage = measureDowntime(summary.samples, killedAt);
    await stopCleanly(sandbox, restarted, 2);
    recordOutcome({
      area: 'kill',
      fault: 'SIGKILL daemon (daemon mode)',
      point: 'deploy, 2 new workers booting (after SpawnNew ×2), under load',
      outcome: 'deploy exits 1 (Bootup never succeeded); all 5 processes end; stale ipc reported; --remove-old-ipc restart serves, 0 failures after it (the failures are connections refused while no server ran: the load retries at once)',
      ...figuresOf(summary),
      orphans: orphans.length,
      figures: {
        failedAfterRestart: lateFailures.length,
        // First failed request after the kill to the first success after the last failure: includes the test's own restart.
        outageMs: Math.round(outage.downtimeMs ?? Number.NaN),
      },
    });
  });

  it('during deploy, old workers retiring, under load: the new workers die with it, the old ones still draining are ended by the recovery start (SIGTERM), which then serves', async () => {
    const { sandbox, port } = ctx;
    const { env, log, daemon } = await startHeldServer(ctx);
    const oldWorkers = await waitForWorkerCount(daemon, 2);
    const load = await startLoadAndWaitForFlow(loads, port, 100);

    // The old workers drain, then stay 4 s before they exit: the kill lands while they are dying.
    const holdMs = 4_000;
    setHolds(sandbox, { shutdownMs: holdMs });
    const mark = await log.markWhenIdle();
    const deploy = LiveRun.naught(sandbox, ['deploy'], { env });
    await log.waitForEvent('ShutdownOld', 2, mark);
    const newWorkers = treeOf(daemon).filter((pid) => pid !== daemon && !oldWorkers.includes(pid));
    assert.equal(newWorkers.length, 2, `2 new workers: ${newWorkers.join(', ')}`);
    const killedAt = Date.now();
    sigkill(daemon);

    const result = await deploy.result;
    assert.equal(result.code, 1);
    assert.deepStrictEqual(nonEventLines(result), [BOOTUP_NEVER_SUCCEEDED]);
    // Connected workers follow their master at once (cluster exits them when its IPC channel closes).
    await waitForDeath(newWorkers, 'the new workers to exit with their master', 5_000);
    // Told to shut down, the old ones had their channel closed already: they finish their own shutdown.
    const stillDraining = oldWorkers.filter(isAlive);
    await expectStaleFiles(sandbox, daemon, ['--worker-count', '2', 'server.js'], env);
    setHolds(sandbox, {});
    const restarted = await startOverStaleFiles(sandbox, 2, env);
    const restartedAt = load.now();
    // The recovery start ends what is left of the dead daemon's process group before it boots (the manual, 5.1):
    // an old worker still holding its exit gets SIGTERM, which fa-hold.js (naught's handleShutdown) does not catch.
    const orphans = oldWorkers.filter(isAlive);
    const orphanLifetimeMs = Date.now() - killedAt;
    assert.deepStrictEqual(orphans, [], 'no old worker is left once start --remove-old-ipc true returns');
    const endedByRestart = leftoversEnded(log.lines(), daemon);
    for (const { pid, signal } of endedByRestart) {
      assert.ok(oldWorkers.includes(pid) && signal === 'SIGTERM', `the restart ended old worker ${pid} with ${signal}: only old workers, by SIGTERM`);
    }
    const summary = await stopLoadAfterMoreAnswers(load, 200, 'the restarted server to answer the load');
    const lateFailures = failuresFrom(summary, restartedAt);
    assert.equal(lateFailures.length, 0, `requests failed after the restart: ${describeFailures(lateFailures)}`);
    await stopCleanly(sandbox, restarted, 2);
    recordOutcome({
      area: 'kill',
      fault: 'SIGKILL daemon (daemon mode)',
      point: 'deploy, 2 old workers retiring (after ShutdownOld ×2, held 4 s), under load',
      outcome: `deploy exits 1; new workers exit at once; ${stillDraining.length} old worker(s) still draining after the stale-file checks, ${endedByRestart.length} of them ended by start --remove-old-ipc true (SIGTERM, logged); the restart serves, 0 failures after it (the failures are connections refused while no server ran)`,
      ...figuresOf(summary),
      orphans: orphans.length,
      figures: {
        oldWorkersStillDrainingAtRestart: stillDraining.length,
        oldWorkersEndedByRestart: endedByRestart.length,
        oldWorkersGoneAfterMs: orphanLifetimeMs,
        failedAfterRestart: lateFailures.length,
      },
    });
  });
});
