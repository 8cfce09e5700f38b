import * as assert from 'node:assert/strict';
import { freePort, httpGet, Sandbox } from '../helpers/naught';
import {
  bootLines,
  daemonPid,
  deployLines,
  ev,
  expectRun,
  LiveRun,
  stopLines,
  text,
  workerPids,
} from '../helpers/cli-suite';

describe('naught status', function () {
  let sb: Sandbox;
  let port: number;

  beforeEach(async function () {
    sb = await Sandbox.create();
    port = await freePort();
  });

  afterEach(async function () {
    await sb.cleanup();
  });

  it('says `server not running` on stderr and exits 1 when nothing runs (default and explicit ipc file)', async function () {
    expectRun(await sb.naught(['status']), { stdout: '', stderr: 'server not running\n', code: 1 });
    expectRun(await sb.naught(['status', sb.path('elsewhere.ipc')]), { stdout: '', stderr: 'server not running\n', code: 1 });
    assert.equal(sb.exists('naught.ipc'), false);
  });

  it('prints `workers online: N` for an idle server, on the default and on a custom ipc file', async function () {
    sb.useFixture('server-plain.js');
    expectRun(await sb.naught(['start', '--worker-count', '3', 'server.js'], { env: { PORT: String(port) } }), {
      stdout: 'workers online: 3\n',
      stderr: text(...bootLines(3)),
      code: 0,
    });
    expectRun(await sb.naught(['status']), { stdout: 'workers online: 3\n', stderr: '', code: 0 });
    expectRun(await sb.naught(['status', 'naught.ipc']), { stdout: 'workers online: 3\n', stderr: '', code: 0 });

    const port2 = await freePort();
    expectRun(await sb.naught(['start', '--ipc-file', 'other/b.ipc', '--pid-file', 'b.pid', '--log', 'b.log', 'server.js'], { env: { PORT: String(port2) }, pidFile: sb.path('b.pid') }), {
      stdout: 'workers online: 1\n',
      stderr: text(...bootLines(1)),
      code: 0,
    });
    expectRun(await sb.naught(['status', 'other/b.ipc']), { stdout: 'workers online: 1\n', stderr: '', code: 0 });
    expectRun(await sb.naught(['status', sb.path('other/b.ipc')]), { stdout: 'workers online: 1\n', stderr: '', code: 0 });

    expectRun(await sb.naught(['stop', 'other/b.ipc']), { stdout: '', stderr: text(...stopLines(1)), code: 0 });
    expectRun(await sb.naught(['stop']), { stdout: '', stderr: text(...stopLines(3)), code: 0 });
  });

  it('says `booting` and the counts while the workers boot', async function () {
    sb.useFixture('server-slow-online.js');
    const start = LiveRun.naught(sb, ['start', 'server.js'], { env: { PORT: String(port), ONLINE_DELAY_MS: '2500' } });
    await start.waitForStderr(ev('SpawnNew', 1, 0, 0, 0));
    expectRun(await sb.naught(['status']), { stdout: 'booting\nbooting: 1, online: 0, dying: 0, new_online: 0\n', stderr: '', code: 0 });
    expectRun(await start.result, { stdout: 'workers online: 1\n', stderr: text(...bootLines(1)), code: 0 }, 'the start client only sees its own events');
    expectRun(await sb.naught(['status']), { stdout: 'workers online: 1\n', stderr: '', code: 0 });
    expectRun(await sb.naught(['stop']), { stdout: '', stderr: text(...stopLines(1)), code: 0 });
  });

  it('says `deploy in progress` and the counts during a deploy, without cutting the deploy client off', async function () {
    sb.useFixture('server-ignore-shutdown.js');
    expectRun(await sb.naught(['start', 'server.js'], { env: { PORT: String(port) } }), {
      stdout: 'workers online: 1\n',
      stderr: text(...bootLines(1)),
      code: 0,
    });
    const daemon = daemonPid(sb);
    const [oldWorker] = workerPids(daemon);
    sb.useFixture('server-plain.js');
    const deploy = LiveRun.naught(sb, ['deploy'], { env: { hi: 'new' } });
    await deploy.waitForStderr(ev('ShutdownOld', 0, 0, 1, 1));

    expectRun(await sb.naught(['status']), { stdout: 'deploy in progress\nbooting: 0, online: 0, dying: 1, new_online: 1\n', stderr: '', code: 0 });
    assert.ok(deploy.running, 'the deploy still waits for the old worker');

    process.kill(oldWorker, 'SIGKILL');
    expectRun(await deploy.result, { stdout: '', stderr: text(...deployLines(1, 1), 'done'), code: 0 }, 'the deploy client got all its events');
    assert.equal((await httpGet(port, '/hi')).body, 'plain new');
    expectRun(await sb.naught(['status']), { stdout: 'workers online: 1\n', stderr: '', code: 0 });
    expectRun(await sb.naught(['stop']), { stdout: '', stderr: text(...stopLines(1)), code: 0 });
  });
});
