// Workers that ignore 'shutdown', SIGTERM and the loss of their IPC channel
// (fa-stubborn.js). Promised (spec fix 6, manual 3.4 and 3.6): `stop --timeout`
// and `deploy --timeout` end them, SIGTERM first and SIGKILL after the grace
// (the timeout kept between 1 and 5 s), and nothing is left. Also: a SIGKILL
// of the daemon when stubborn workers were already told to go leaves them
// running (nobody is left to escalate) until the documented recovery,
// `start --remove-old-ipc true`, ends them by process group.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { LiveRun, isAlive, useSandbox, waitFor } from '../test/helpers/naught';
import { DEPLOY_FAILED, ev, text } from '../test/helpers/expected-output';
import { assertStoppedClean } from '../test/helpers/fixes-helpers';
import { recordOutcome } from './helpers/record';
import { EventLog, nonEventLines } from './helpers/kill-event-log';
import { expectStaleFiles, staleText, startOverStaleFiles, stopCleanly } from './helpers/kill-stale';
import { fixtureEnv, useFaultFixture } from './helpers/kill-fixtures';
import { processGroupOf, sigkill, waitForWorkerCount, workerIndexOf } from './helpers/kill-processes';
import { describeFailures, figuresOf, startFreshConnectionProbe, useLoadCleanup } from './helpers/load-timed';
import { assertTwoOnline, startLoadAndWaitForFlow, startTwoWorkers, stopLoadAfterMoreAnswers } from './helpers/kill-scenario';

describe('faults: workers that ignore shutdown and SIGTERM', function () {
  this.timeout(90_000);
  const loads = useLoadCleanup();
  const ctx = useSandbox();

  /** Starts 2 fa-stubborn.js workers, those of the listed indices stubborn; returns the daemon and workers. */
  async function startStubborn(indices: string): Promise<{ daemon: number; workers: number[]; env: NodeJS.ProcessEnv }> {
    const { sandbox, port } = ctx;
    useFaultFixture(sandbox, 'fa-stubborn.js');
    fs.writeFileSync(sandbox.path('stubborn.flag'), `${indices}\n`);
    const env = fixtureEnv(port);
    const { daemon, workers } = await startTwoWorkers(sandbox, env);
    return { daemon, workers, env };
  }

  function ignoredSigterm(pid: number): boolean {
    return ctx.sandbox.read('stdout.log').includes(`worker ${pid} ignores SIGTERM\n`);
  }

  it('stop --timeout 1, one of 2 workers stubborn: the other exits, the stubborn one gets SIGTERM then SIGKILL after the 1 s grace; exit 0, nothing left', async () => {
    const { daemon, workers } = await startStubborn('0');
    const stubborn = workers.find((pid) => workerIndexOf(pid) === '0') as number;
    const startedAt = Date.now();
    const stop = await ctx.sandbox.naught(['stop', '--timeout', '1'], { timeoutMs: 30_000 });
    const stopMs = Date.now() - startedAt;
    assert.deepStrictEqual(stop, {
      stdout: '',
      stderr: text(
        ev('ShutdownOld', 0, 1, 1, 0),
        ev('ShutdownOld', 0, 0, 2, 0),
        ev('OldExit', 0, 0, 1, 0),
        ev('Timeout', 0, 0, 1, 0),
        ev('DestroyOld', 0, 0, 1, 0),
        ev('OldExit', 0, 0, 0, 0),
      ),
      code: 0,
      signal: null,
    });
    // 1 s of timeout, then 1 s of grace between SIGTERM and SIGKILL.
    assert.ok(stopMs >= 2_000, `the stop waited the timeout and the grace (${stopMs} ms)`);
    assert.ok(ignoredSigterm(stubborn), 'the stubborn worker got SIGTERM before the SIGKILL');
    await assertStoppedClean(ctx.sandbox, daemon);
    recordOutcome({
      area: 'stubborn worker',
      fault: "1 of 2 workers ignores 'shutdown', SIGTERM and IPC loss",
      point: 'stop --timeout 1',
      outcome: 'the good worker exits on shutdown; Timeout, DestroyOld ×1 (SIGTERM, ignored), SIGKILL after 1 s grace; exit 0; nothing left',
      orphans: 0,
      figures: { stopMs },
    });
  });

  it('deploy --timeout 2 while both old workers ignore shutdown, under load: Timeout, DestroyOld ×2, Deploy failed; the new workers serve, the old ones are SIGKILLed', async () => {
    const { sandbox, port } = ctx;
    const { daemon, workers, env } = await startStubborn('0,1');
    const load = await startLoadAndWaitForFlow(loads, port, 200);
    fs.rmSync(sandbox.path('stubborn.flag'));
    const startedAt = Date.now();
    const deploy = await sandbox.naught(['deploy', '--timeout', '2'], { env, timeoutMs: 30_000 });
    const deployMs = Date.now() - startedAt;
    assert.deepStrictEqual(deploy, {
      stdout: `${DEPLOY_FAILED}\n`,
      stderr: text(
        ev('SpawnNew', 1, 2, 0, 0),
        ev('SpawnNew', 2, 2, 0, 0),
        ev('NewOnline', 1, 2, 0, 1),
        ev('NewOnline', 0, 2, 0, 2),
        ev('ShutdownOld', 0, 1, 1, 2),
        ev('ShutdownOld', 0, 0, 2, 2),
        ev('Timeout', 0, 0, 2, 2),
        ev('DestroyOld', 0, 0, 2, 2),
        ev('DestroyOld', 0, 0, 2, 2),
        ev('OldExit', 0, 0, 1, 2),
        ev('OldExit', 0, 0, 0, 2),
      ),
      code: 1,
      signal: null,
    });
    assert.ok(deployMs >= 3_000, `the deploy waited the timeout and the grace (${deployMs} ms)`);
    for (const worker of workers) assert.ok(!isAlive(worker) && ignoredSigterm(worker), `old worker ${worker} got SIGTERM, ignored it, and is gone`);
    const recoveredAt = load.now();
    const summary = await stopLoadAfterMoreAnswers(load, 200, 'the new workers to answer');
    const lateFailures = summary.samples.filter((sample) => !sample.ok && sample.at >= recoveredAt);
    assert.equal(lateFailures.length, 0, `requests failed once the new workers served alone: ${describeFailures(lateFailures)}`);
    await assertTwoOnline(sandbox);
    const now = await waitForWorkerCount(daemon, 2);
    assert.ok(now.every((pid) => !workers.includes(pid)), 'the new workers are the ones left');
    await stopCleanly(sandbox, daemon, 2);
    recordOutcome({
      area: 'stubborn worker',
      fault: "both old workers ignore 'shutdown', SIGTERM and IPC loss",
      point: 'deploy --timeout 2, under load',
      outcome: 'Timeout, DestroyOld ×2 (SIGTERM ignored, SIGKILL after the 1 s grace), Deploy failed (exit 1); the new workers serve; requests the stubborn workers held at the SIGKILL are lost',
      ...figuresOf(summary),
      orphans: 0,
      figures: { deployMs, failedAfterOldWorkersGone: lateFailures.length },
    });
  });

  it('SIGKILL of the daemon during a stop of stubborn workers: they outlive it, hold no port, and are ended by start --remove-old-ipc true, which then serves every new connection', async () => {
    const { sandbox, port } = ctx;
    const { daemon, workers, env } = await startStubborn('0,1');
    assert.ok(workers.every((pid) => processGroupOf(pid) === daemon), 'the workers are in the daemon\'s process group');
    const log = new EventLog(sandbox);
    const mark = await log.markWhenIdle();
    const stop = LiveRun.naught(sandbox, ['stop'], { timeoutMs: 30_000 });
    await log.waitForEvent('ShutdownOld', 2, mark);
    await waitFor(() => workers.every((pid) => sandbox.read('stdout.log').includes(`worker ${pid} ignores shutdown\n`)), 10_000, 'both workers to ignore shutdown');
    sigkill(daemon);
    const result = await stop.result;
    assert.equal(result.code, 1);
    assert.deepStrictEqual(nonEventLines(result), ['lost the connection to the daemon before it reported the shutdown']);

    // Before the recovery. Their IPC channel was closed by the stop already, so cluster does not end them:
    // they are still there, and no new connection reaches them (the listening socket died with the master).
    const probeBefore = startFreshConnectionProbe(port);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const probedBefore = await probeBefore.stop();
    const leftBehind = workers.filter(isAlive);
    assert.deepStrictEqual(leftBehind, workers, 'both stubborn workers outlive the daemon');
    assert.ok(probedBefore.failed > 0 && probedBefore.ok === 0, `nobody answers new connections before the recovery (${probedBefore.ok} ok, ${probedBefore.failed} failed)`);
    // status and a plain start report the stale ipc file (spec), and so does stop; none of them touches the leftovers.
    await expectStaleFiles(sandbox, daemon, ['--worker-count', '2', 'server.js'], env);
    assert.deepStrictEqual(await sandbox.naught(['stop']), { stdout: '', stderr: staleText(), code: 1, signal: null }, 'stop reports the stale ipc file');
    assert.deepStrictEqual(workers.filter(isAlive), workers, 'status, start and stop over the stale ipc file leave the leftovers alone');

    // The documented recovery: its output is the spec's, and the leftovers are gone once it returns.
    fs.rmSync(sandbox.path('stubborn.flag'));
    const restarted = await startOverStaleFiles(sandbox, 2, env);
    const afterRecovery = workers.filter(isAlive);
    assert.deepStrictEqual(afterRecovery, [], 'start --remove-old-ipc true ended the leftovers');
    // They ignore SIGTERM, so both needed the SIGKILL; the line precedes the new daemon's Bootup.
    const ended = `leftovers of dead daemon ${daemon} ended: ${[...workers].sort((a, b) => a - b).map((pid) => `${pid} (SIGKILL)`).join(', ')}`;
    const lines = log.lines();
    assert.ok(lines.includes(ended), `naught.log says so:\n${lines.join('\n')}`);
    assert.ok(lines[lines.indexOf(ended) + 1]?.startsWith('Bootup. '), 'before the new daemon\'s Bootup');

    const newWorkers = await waitForWorkerCount(restarted, 2);
    const probe = startFreshConnectionProbe(port);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const probed = await probe.stop();
    const answeredByNew = newWorkers.reduce((sum, pid) => sum + (probed.answersByPid.get(pid) ?? 0), 0);
    assert.ok(probed.ok > 0 && probed.failed === 0, `the restarted server answers every new connection (${probed.ok} ok, ${probed.failed} failed)`);
    assert.equal(answeredByNew, probed.ok, 'the new workers answered them all');
    await stopCleanly(sandbox, restarted, 2);
    recordOutcome({
      area: 'stubborn worker',
      fault: 'SIGKILL daemon, workers ignoring shutdown',
      point: "stop without timeout, both workers told 'shutdown' (IPC closed)",
      outcome: `${leftBehind.length} stubborn worker(s) outlive the daemon, holding no port (status/start/stop report the stale ipc file and leave them); start --remove-old-ipc true ends them by process group (SIGTERM, SIGKILL after the grace; logged in naught.log) and serves every new connection`,
      orphans: afterRecovery.length,
      figures: { leftBehindBeforeRecovery: leftBehind.length, answeredBeforeRecovery: probedBefore.ok, freshConnectionsAfterRestart: probed.ok + probed.failed },
    });
  });
});
