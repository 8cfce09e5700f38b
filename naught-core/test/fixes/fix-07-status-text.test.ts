// Fix 7: `status` says `deploy in progress` / `shutting down` when that is so.
import { strict as assert } from 'node:assert';
import { LiveRun, useSandbox } from '../helpers/naught';
import { bootLines, deployLines, ev, stopLines, text } from '../helpers/expected-output';
import { daemonPid } from '../helpers/processes';
import { assertStoppedClean, counts } from '../helpers/fixes-helpers';

describe('fix 7: the status text during a deploy and a stop', function () {
  this.timeout(60_000);
  const ctx = useSandbox();

  it('fix 7: status prints `deploy in progress` while old workers exit and `shutting down` during a stop', async () => {
    // naught 1.6.0: statusMsg read the misspelt `msg.waiting_for`, so it never said `deploy in progress` or `shutting down`.
    ctx.sandbox.useFixture('fix-slow.js');
    // Every worker takes 2.5 s to exit after 'shutdown'.
    const env = { PORT: String(ctx.port), SHUTDOWN_DELAY_MS: '2500' };
    const start = await ctx.sandbox.naught(['start', '--worker-count', '2', 'server.js'], { env });
    assert.deepStrictEqual(start, { stdout: 'workers online: 2\n', stderr: text(...bootLines(2)), code: 0, signal: null });
    const daemon = daemonPid(ctx.sandbox);

    const deploy = LiveRun.naught(ctx.sandbox, ['deploy'], { env, timeoutMs: 30_000 });
    await deploy.waitForStderr(text(ev('ShutdownOld', 0, 0, 2, 2)), 'both old workers told to shut down');
    const duringDeploy = await ctx.sandbox.naught(['status']);
    assert.deepStrictEqual(duringDeploy, { stdout: 'deploy in progress\n' + counts(0, 0, 2, 2), stderr: '', code: 0, signal: null });
    assert.deepStrictEqual(await deploy.result, { stdout: '', stderr: text(...deployLines(2, 2), 'done'), code: 0, signal: null });

    const stop = LiveRun.naught(ctx.sandbox, ['stop'], { timeoutMs: 30_000 });
    await stop.waitForStderr(text(ev('ShutdownOld', 0, 0, 2, 0)), 'both workers told to shut down');
    const duringStop = await ctx.sandbox.naught(['status']);
    assert.deepStrictEqual(duringStop, { stdout: 'shutting down\n' + counts(0, 0, 2, 0), stderr: '', code: 0, signal: null });
    assert.deepStrictEqual(await stop.result, { stdout: '', stderr: text(...stopLines(2)), code: 0, signal: null });
    await assertStoppedClean(ctx.sandbox, daemon);
  });
});
