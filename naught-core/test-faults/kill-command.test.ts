// SIGKILL of the naught commands themselves (the client side: a terminal
// closed, a CI job cancelled) in the middle of a start, a deploy and a stop.
// The daemon owns the operation; losing the command that asked for it must
// change nothing: the boot completes, the deploy completes with zero
// downtime, the stop completes and leaves nothing.
import { strict as assert } from 'node:assert';
import { LiveRun, useSandbox, waitFor } from '../test/helpers/naught';
import { ev } from '../test/helpers/expected-output';
import { daemonPid } from '../test/helpers/processes';
import { assertStoppedClean } from '../test/helpers/fixes-helpers';
import { recordOutcome } from './helpers/record';
import { EventLog } from './helpers/kill-event-log';
import { fixtureEnv, setHolds, useFaultFixture } from './helpers/kill-fixtures';
import { sigkill, waitForWorkerCount } from './helpers/kill-processes';
import { stopCleanly } from './helpers/kill-stale';
import { describeFailures, figuresOf, startTimedLoad, useLoadCleanup } from './helpers/load-timed';

describe('faults: SIGKILL of the naught command (the client)', function () {
  this.timeout(90_000);
  const loads = useLoadCleanup();
  const ctx = useSandbox();

  it('`naught start` killed while its workers boot: the daemon completes the boot and answers', async () => {
    const { sandbox, port } = ctx;
    useFaultFixture(sandbox, 'fa-hold.js');
    setHolds(sandbox, { onlineMs: 1_500 });
    const env = fixtureEnv(port);
    const log = new EventLog(sandbox);
    const start = LiveRun.naught(sandbox, ['start', '--worker-count', '2', 'server.js'], { env });
    await log.waitForEvent('SpawnNew', 2);
    const daemon = daemonPid(sandbox);
    sigkill(start.child.pid ?? -1);
    assert.equal((await start.result).signal, 'SIGKILL');

    await log.waitForEvent('Ready');
    assert.deepStrictEqual(log.eventsSince(0), ['Bootup', 'SpawnNew', 'SpawnNew', 'NewOnline', 'NewOnline', 'Ready']);
    assert.deepStrictEqual(await sandbox.naught(['status']), { stdout: 'workers online: 2\n', stderr: '', code: 0, signal: null });
    await waitForWorkerCount(daemon, 2);
    setHolds(sandbox, {});
    await stopCleanly(sandbox, daemon, 2);
    recordOutcome({ area: 'kill', fault: 'SIGKILL `naught start` (CLI)', point: 'boot, 2 workers booting', outcome: 'the daemon completes the boot; status workers online: 2; stop clean', orphans: 0 });
  });

  it('`naught deploy` killed while new workers boot, under load: the deploy completes, 0 failed requests', async () => {
    const { sandbox, port } = ctx;
    useFaultFixture(sandbox, 'fa-hold.js');
    const env = fixtureEnv(port);
    const log = new EventLog(sandbox);
    assert.equal((await sandbox.naught(['start', '--worker-count', '2', 'server.js'], { env })).code, 0);
    const daemon = daemonPid(sandbox);
    const oldWorkers = await waitForWorkerCount(daemon, 2);
    const load = loads.track(startTimedLoad(port));
    await waitFor(() => load.answered() > 200, 15_000, 'the load to flow');

    setHolds(sandbox, { onlineMs: 1_500 });
    const mark = await log.markWhenIdle();
    const deploy = LiveRun.naught(sandbox, ['deploy'], { env });
    await log.waitForEvent('SpawnNew', 2, mark);
    sigkill(deploy.child.pid ?? -1);
    assert.equal((await deploy.result).signal, 'SIGKILL');

    await log.waitForEvent('Ready', 1, mark);
    assert.deepStrictEqual(log.eventsSince(mark), ['SpawnNew', 'SpawnNew', 'NewOnline', 'NewOnline', 'ShutdownOld', 'ShutdownOld', 'OldExit', 'OldExit', 'Ready']);
    const newWorkers = await waitForWorkerCount(daemon, 2);
    assert.ok(newWorkers.every((pid) => !oldWorkers.includes(pid)), 'both workers were replaced');
    const answered = load.answered();
    await waitFor(() => load.answered() > answered + 200, 15_000, 'the new workers to answer');
    const summary = await load.stop();
    assert.deepStrictEqual(
      { failed: summary.failed, lostInFlight: summary.lostInFlight },
      { failed: 0, lostInFlight: 0 },
      `the deploy stayed zero-downtime: ${describeFailures(summary.samples.filter((sample) => !sample.ok))}`,
    );
    assert.deepStrictEqual(await sandbox.naught(['status']), { stdout: 'workers online: 2\n', stderr: '', code: 0, signal: null });
    setHolds(sandbox, {});
    await stopCleanly(sandbox, daemon, 2);
    recordOutcome({
      area: 'kill',
      fault: 'SIGKILL `naught deploy` (CLI)',
      point: 'deploy, 2 new workers booting, under load',
      outcome: 'the daemon completes the deploy (Ready); both workers replaced; zero downtime',
      ...figuresOf(summary),
      orphans: 0,
    });
  });

  it('`naught stop` killed while the workers drain: the daemon completes the stop and removes its files', async () => {
    const { sandbox, port } = ctx;
    useFaultFixture(sandbox, 'fa-hold.js');
    const env = fixtureEnv(port);
    const log = new EventLog(sandbox);
    assert.equal((await sandbox.naught(['start', '--worker-count', '2', 'server.js'], { env })).code, 0);
    const daemon = daemonPid(sandbox);
    setHolds(sandbox, { shutdownMs: 1_500 });
    const mark = await log.markWhenIdle();
    const stop = LiveRun.naught(sandbox, ['stop'], {});
    await log.waitForEvent('ShutdownOld', 2, mark);
    sigkill(stop.child.pid ?? -1);
    assert.equal((await stop.result).signal, 'SIGKILL');

    await assertStoppedClean(sandbox, daemon);
    assert.equal(log.lines().at(-1), ev('Shutdown', 0, 0, 0, 0), 'the naught log ends with Shutdown');
    assert.deepStrictEqual(log.eventsSince(mark), ['ShutdownOld', 'ShutdownOld', 'OldExit', 'OldExit', 'Shutdown']);
    recordOutcome({ area: 'kill', fault: 'SIGKILL `naught stop` (CLI)', point: 'stop, 2 workers draining', outcome: 'the daemon completes the stop; no ipc/pid file; nothing left', orphans: 0 });
  });
});
