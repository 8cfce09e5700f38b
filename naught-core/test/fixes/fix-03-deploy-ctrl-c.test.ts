// Fix 3: Ctrl+C on `naught deploy` aborts with zero downtime, says `deploy aborted` and exits non-zero.
import { strict as assert } from 'node:assert';
import { LiveRun, descendantsOf, httpGet, useSandbox } from '../helpers/naught';
import { bootLines, ev, stopLines, text } from '../helpers/expected-output';
import { daemonPid } from '../helpers/processes';
import { assertStoppedClean } from '../helpers/fixes-helpers';

describe('fix 3: Ctrl+C on deploy', function () {
  this.timeout(60_000);
  const ctx = useSandbox();

  it('fix 3: SIGINT to a hanging deploy prints the abort, `deploy aborted`, exits 1, and the old worker keeps serving', async () => {
    // naught 1.6.0: after the abort it got `Ready`, printed `done` and exited 0, as if the deploy had worked.
    ctx.sandbox.useFixture('fix-slow.js');
    const start = await ctx.sandbox.naught(['start', 'server.js'], { env: { PORT: String(ctx.port) } });
    assert.deepStrictEqual(start, { stdout: 'workers online: 1\n', stderr: text(...bootLines(1)), code: 0, signal: null });
    const daemon = daemonPid(ctx.sandbox);
    const oldPid = (await httpGet(ctx.port, '/')).body;

    // The new worker would take 10 minutes to come online: the deploy hangs.
    const deploy = LiveRun.naught(ctx.sandbox, ['deploy'], { env: { PORT: String(ctx.port), ONLINE_DELAY_MS: '600000' }, timeoutMs: 30_000 });
    await deploy.waitForStderr(text(ev('SpawnNew', 1, 1, 0, 0)), 'the new worker spawned');
    assert.equal((await httpGet(ctx.port, '/')).body, oldPid, 'the old worker serves while the deploy hangs');

    deploy.child.kill('SIGINT');
    const result = await deploy.result;
    assert.deepStrictEqual(result, {
      stdout: '',
      stderr: text(ev('SpawnNew', 1, 1, 0, 0), 'aborting deploy', ev('DestroyNew', 0, 1, 0, 0), ev('NewDestroyed', 0, 1, 0, 0), 'deploy aborted'),
      code: 1,
      signal: null,
    });

    assert.equal((await httpGet(ctx.port, '/')).body, oldPid, 'the old worker still serves after the abort');
    assert.deepStrictEqual(descendantsOf(daemon), [Number(oldPid)], 'the new worker is gone, the old one remains');
    const status = await ctx.sandbox.naught(['status']);
    assert.deepStrictEqual(status, { stdout: 'workers online: 1\n', stderr: '', code: 0, signal: null });

    const stop = await ctx.sandbox.naught(['stop']);
    assert.deepStrictEqual(stop, { stdout: '', stderr: text(...stopLines(1)), code: 0, signal: null });
    await assertStoppedClean(ctx.sandbox, daemon);
  });
});
