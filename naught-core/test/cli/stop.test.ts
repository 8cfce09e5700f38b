import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { httpGet, isAlive, LiveRun, useSandbox } from '../helpers/naught';
import { bootLines, ev, ready, SHUTDOWN_LINE, stopLines, text } from '../helpers/expected-output';
import { expectNothingRunning, waitForDeath, workerPids } from '../helpers/processes';
import { expectRun, startDaemon, waitForFileContent } from '../helpers/cli-suite';

describe('naught stop', function () {
  const ctx = useSandbox();

  const start = (fixture: string, workers: number): Promise<number> => startDaemon(ctx, fixture, workers, { hi: 'x' });

  it('stops one worker with the exact lines, removes ipc and pid files; a second stop says `server not running` and exits 0', async function () {
    const daemon = await start('server-plain.js', 1);
    const workers = workerPids(daemon);
    const stopped = await ctx.sandbox.naught(['stop']);
    expectRun(stopped, { stdout: '', stderr: text(...stopLines(1)), code: 0 });
    await waitForDeath([daemon, ...workers], 'daemon and worker to exit');
    assert.equal(ctx.sandbox.exists('naught.ipc'), false, 'ipc file removed');
    assert.equal(ctx.sandbox.exists('naught.pid'), false, 'pid file removed');
    assert.ok(ctx.sandbox.read('naught.log').endsWith(text(...stopLines(1), SHUTDOWN_LINE)), ctx.sandbox.read('naught.log'));
    await assert.rejects(httpGet(ctx.port, '/hi', 1_000), 'nothing serves any more');

    expectRun(await ctx.sandbox.naught(['stop']), { stdout: '', stderr: 'server not running\n', code: 0 }, 'stop twice');
    expectRun(await ctx.sandbox.naught(['status']), { stdout: '', stderr: 'server not running\n', code: 1 }, 'status after stop');
    await expectNothingRunning(ctx.sandbox);
  });

  it('stops five workers with the exact lines', async function () {
    const daemon = await start('server-plain.js', 5);
    const workers = workerPids(daemon);
    assert.equal(workers.length, 5);
    expectRun(await ctx.sandbox.naught(['stop']), { stdout: '', stderr: text(...stopLines(5)), code: 0 });
    await waitForDeath([daemon, ...workers], 'daemon and workers to exit');
    await expectNothingRunning(ctx.sandbox);
  });

  it('stop --timeout kills workers that ignore shutdown (DestroyOld after Timeout), exit 0', async function () {
    const daemon = await start('server-ignore-shutdown.js', 2);
    const workers = workerPids(daemon);
    const stopped = await ctx.sandbox.naught(['stop', '--timeout', '0.3']);
    expectRun(stopped, {
      stdout: '',
      stderr: text(
        ev('ShutdownOld', 0, 1, 1, 0),
        ev('ShutdownOld', 0, 0, 2, 0),
        ev('Timeout', 0, 0, 2, 0),
        ev('DestroyOld', 0, 0, 2, 0),
        ev('DestroyOld', 0, 0, 2, 0),
        ev('OldExit', 0, 0, 1, 0),
        ev('OldExit', 0, 0, 0, 0),
      ),
      code: 0,
    });
    await waitForDeath([daemon, ...workers], 'daemon and workers to exit');
    assert.equal(ctx.sandbox.exists('naught.ipc'), false);
    assert.equal(ctx.sandbox.exists('naught.pid'), false);
  });

  it('stop --timeout escalates to SIGKILL for a worker that also ignores SIGTERM', async function () {
    const daemon = await start('server-ignore-sigterm.js', 1);
    const workers = workerPids(daemon);
    const stopped = await ctx.sandbox.naught(['stop', '--timeout', '0.3']);
    expectRun(stopped, {
      stdout: '',
      stderr: text(ev('ShutdownOld', 0, 0, 1, 0), ev('Timeout', 0, 0, 1, 0), ev('DestroyOld', 0, 0, 1, 0), ev('OldExit', 0, 0, 0, 0)),
      code: 0,
    });
    await waitForDeath([daemon, ...workers], 'daemon and the stubborn worker to exit');
    await expectNothingRunning(ctx.sandbox);
  });

  it('while a stop hangs: status says `shutting down`, a second stop says a shutdown is in progress; both end when the worker exits', async function () {
    const daemon = await start('server-ignore-shutdown.js', 1);
    const [worker] = workerPids(daemon);
    const first = LiveRun.naught(ctx.sandbox, ['stop']);
    await first.waitForStderr(ev('ShutdownOld', 0, 0, 1, 0));

    expectRun(await ctx.sandbox.naught(['status']), { stdout: 'shutting down\nbooting: 0, online: 0, dying: 1, new_online: 0\n', stderr: '', code: 0 });

    const second = LiveRun.naught(ctx.sandbox, ['stop']);
    await second.waitForStderr('If it hangs, Ctrl+C this command and try it again with --timeout 1\n');
    assert.ok(first.running && second.running, 'both stops keep waiting');

    process.kill(worker, 'SIGKILL');
    expectRun(await first.result, { stdout: '', stderr: text(ev('ShutdownOld', 0, 0, 1, 0), ev('OldExit', 0, 0, 0, 0)), code: 0 }, 'first stop');
    expectRun(
      await second.result,
      {
        stdout: '',
        stderr: text('Waiting for shutdown already in progress.', 'If it hangs, Ctrl+C this command and try it again with --timeout 1', ev('OldExit', 0, 0, 0, 0)),
        code: 0,
      },
      'second stop',
    );
    await waitForDeath([daemon], 'the daemon to exit');
    assert.equal(ctx.sandbox.exists('naught.ipc'), false);
    assert.equal(ctx.sandbox.exists('naught.pid'), false);
  });

  it('SIGTERM and SIGINT to the daemon stop it cleanly', async function () {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const daemon = await start('server-plain.js', 2);
      const workers = workerPids(daemon);
      process.kill(daemon, signal);
      await waitForDeath([daemon, ...workers], `daemon and workers to exit after ${signal}`);
      const log = await waitForFileContent(ctx.sandbox.path('naught.log'), SHUTDOWN_LINE);
      assert.equal(log, text(...bootLines(2), ready(2), ...stopLines(2), SHUTDOWN_LINE), signal);
      assert.equal(ctx.sandbox.exists('naught.ipc'), false, `ipc file removed after ${signal}`);
      assert.equal(ctx.sandbox.exists('naught.pid'), false, `pid file removed after ${signal}`);
      assert.equal(isAlive(daemon), false);
      expectRun(await ctx.sandbox.naught(['status']), { stdout: '', stderr: 'server not running\n', code: 1 });
      fs.rmSync(ctx.sandbox.path('naught.log'));
    }
  });
});
