// SIGKILL of the naught commands themselves (the client side: a terminal
// closed, a CI job cancelled) in the middle of a start, a deploy and a stop.
// The daemon owns the operation; losing the command that asked for it must
// change nothing: the boot completes, the deploy completes with zero
// downtime, the stop completes and leaves nothing.
import { strict as assert } from 'node:assert';
import { LiveRun, useSandbox } from '../test/helpers/naught';
import { ev } from '../test/helpers/expected-output';
import { assertStoppedClean } from '../test/helpers/fixes-helpers';
import { recordOutcome } from './helpers/record';
import { setHolds } from './helpers/kill-fixtures';
import { sigkill, waitForWorkerCount } from './helpers/kill-processes';
import { figuresOf, useLoadCleanup } from './helpers/load-timed';
import {
  assertNothingFailed,
  assertTwoOnline,
  releaseHoldsAndStop,
  startHeldAtBoot,
  startHeldServer,
  startLoadAndWaitForFlow,
  stopLoadAfterMoreAnswers,
} from './helpers/kill-scenario';

describe('faults: SIGKILL of the naught command (the client)', function () {
  this.timeout(90_000);
  const loads = useLoadCleanup();
  const ctx = useSandbox();

  it('`naught start` killed while its workers boot: the daemon completes the boot and answers', async () => {
    const { sandbox } = ctx;
    const { log, start, daemon } = await startHeldAtBoot(ctx, 1_500);
    sigkill(start.child.pid ?? -1);
    assert.equal((await start.result).signal, 'SIGKILL');

    await log.waitForEvent('Ready');
    assert.deepStrictEqual(log.eventsSince(0), ['Bootup', 'SpawnNew', 'SpawnNew', 'NewOnline', 'NewOnline', 'Ready']);
    await assertTwoOnline(sandbox);
    await waitForWorkerCount(daemon, 2);
    await releaseHoldsAndStop(sandbox, daemon);
    recordOutcome({ area: 'kill', fault: 'SIGKILL `naught start` (CLI)', point: 'boot, 2 workers booting', outcome: 'the daemon completes the boot; status workers online: 2; stop clean', orphans: 0 });
  });

  it('`naught deploy` killed while new workers boot, under load: the deploy completes, 0 failed requests', async () => {
    const { sandbox, port } = ctx;
    const { env, log, daemon } = await startHeldServer(ctx);
    const oldWorkers = await waitForWorkerCount(daemon, 2);
    const load = await startLoadAndWaitForFlow(loads, port, 200);

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
    const summary = await stopLoadAfterMoreAnswers(load, 200, 'the new workers to answer');
    assertNothingFailed(summary, 'the deploy stayed zero-downtime');
    await assertTwoOnline(sandbox);
    await releaseHoldsAndStop(sandbox, daemon);
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
    const { sandbox } = ctx;
    const { log, daemon } = await startHeldServer(ctx);
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
