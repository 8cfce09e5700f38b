import * as assert from 'node:assert/strict';
import { freePort, httpGet, LiveRun, useSandbox } from '../helpers/naught';
import { bootLines, deployLines, ev, stopLines, text } from '../helpers/expected-output';
import { daemonPid, workerPids } from '../helpers/processes';
import { expectRun } from '../helpers/cli-suite';

describe('naught status', function () {
  const ctx = useSandbox();

  it('says `server not running` on stderr and exits 1 when nothing runs (default and explicit ipc file)', async function () {
    expectRun(await ctx.sandbox.naught(['status']), { stdout: '', stderr: 'server not running\n', code: 1 });
    expectRun(await ctx.sandbox.naught(['status', ctx.sandbox.path('elsewhere.ipc')]), { stdout: '', stderr: 'server not running\n', code: 1 });
    assert.equal(ctx.sandbox.exists('naught.ipc'), false);
  });

  it('prints `workers online: N` for an idle server, on the default and on a custom ipc file', async function () {
    ctx.sandbox.useFixture('server-plain.js');
    expectRun(await ctx.sandbox.naught(['start', '--worker-count', '3', 'server.js'], { env: { PORT: String(ctx.port) } }), {
      stdout: 'workers online: 3\n',
      stderr: text(...bootLines(3)),
      code: 0,
    });
    expectRun(await ctx.sandbox.naught(['status']), { stdout: 'workers online: 3\n', stderr: '', code: 0 });
    expectRun(await ctx.sandbox.naught(['status', 'naught.ipc']), { stdout: 'workers online: 3\n', stderr: '', code: 0 });

    const port2 = await freePort();
    expectRun(await ctx.sandbox.naught(['start', '--ipc-file', 'other/b.ipc', '--pid-file', 'b.pid', '--log', 'b.log', 'server.js'], { env: { PORT: String(port2) }, pidFile: ctx.sandbox.path('b.pid') }), {
      stdout: 'workers online: 1\n',
      stderr: text(...bootLines(1)),
      code: 0,
    });
    expectRun(await ctx.sandbox.naught(['status', 'other/b.ipc']), { stdout: 'workers online: 1\n', stderr: '', code: 0 });
    expectRun(await ctx.sandbox.naught(['status', ctx.sandbox.path('other/b.ipc')]), { stdout: 'workers online: 1\n', stderr: '', code: 0 });

    expectRun(await ctx.sandbox.naught(['stop', 'other/b.ipc']), { stdout: '', stderr: text(...stopLines(1)), code: 0 });
    expectRun(await ctx.sandbox.naught(['stop']), { stdout: '', stderr: text(...stopLines(3)), code: 0 });
  });

  it('says `booting` and the counts while the workers boot', async function () {
    ctx.sandbox.useFixture('server-slow-online.js');
    const start = LiveRun.naught(ctx.sandbox, ['start', 'server.js'], { env: { PORT: String(ctx.port), ONLINE_DELAY_MS: '2500' } });
    await start.waitForStderr(ev('SpawnNew', 1, 0, 0, 0));
    expectRun(await ctx.sandbox.naught(['status']), { stdout: 'booting\nbooting: 1, online: 0, dying: 0, new_online: 0\n', stderr: '', code: 0 });
    expectRun(await start.result, { stdout: 'workers online: 1\n', stderr: text(...bootLines(1)), code: 0 }, 'the start client only sees its own events');
    expectRun(await ctx.sandbox.naught(['status']), { stdout: 'workers online: 1\n', stderr: '', code: 0 });
    expectRun(await ctx.sandbox.naught(['stop']), { stdout: '', stderr: text(...stopLines(1)), code: 0 });
  });

  it('says `deploy in progress` and the counts during a deploy, without cutting the deploy client off', async function () {
    ctx.sandbox.useFixture('server-ignore-shutdown.js');
    expectRun(await ctx.sandbox.naught(['start', 'server.js'], { env: { PORT: String(ctx.port) } }), {
      stdout: 'workers online: 1\n',
      stderr: text(...bootLines(1)),
      code: 0,
    });
    const daemon = daemonPid(ctx.sandbox);
    const [oldWorker] = workerPids(daemon);
    ctx.sandbox.useFixture('server-plain.js');
    const deploy = LiveRun.naught(ctx.sandbox, ['deploy'], { env: { hi: 'new' } });
    await deploy.waitForStderr(ev('ShutdownOld', 0, 0, 1, 1));

    expectRun(await ctx.sandbox.naught(['status']), { stdout: 'deploy in progress\nbooting: 0, online: 0, dying: 1, new_online: 1\n', stderr: '', code: 0 });
    assert.ok(deploy.running, 'the deploy still waits for the old worker');

    process.kill(oldWorker, 'SIGKILL');
    expectRun(await deploy.result, { stdout: '', stderr: text(...deployLines(1, 1), 'done'), code: 0 }, 'the deploy client got all its events');
    assert.equal((await httpGet(ctx.port, '/hi')).body, 'plain new');
    expectRun(await ctx.sandbox.naught(['status']), { stdout: 'workers online: 1\n', stderr: '', code: 0 });
    expectRun(await ctx.sandbox.naught(['stop']), { stdout: '', stderr: text(...stopLines(1)), code: 0 });
  });
});
