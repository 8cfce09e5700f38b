// Fix 7: `status` says `deploy in progress` / `shutting down` when that is so.
import { strict as assert } from 'node:assert';
import { Sandbox, freePort } from '../helpers/naught';
import {
  assertStoppedClean,
  bootStderr,
  counts,
  daemonPid,
  deployEvents,
  ev,
  stopStderr,
  watchNaught,
} from '../helpers/fixes-helpers';

describe('fix 7: the status text during a deploy and a stop', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;

  beforeEach(async () => {
    sandbox = await Sandbox.create();
  });
  afterEach(async () => {
    await sandbox.cleanup();
  });

  it('fix 7: status prints `deploy in progress` while old workers exit and `shutting down` during a stop', async () => {
    // naught 1.6.0: statusMsg read the misspelt `msg.waiting_for`, so it never said `deploy in progress` or `shutting down`.
    sandbox.useFixture('fix-slow.js');
    const port = await freePort();
    // Every worker takes 2.5 s to exit after 'shutdown'.
    const env = { PORT: String(port), SHUTDOWN_DELAY_MS: '2500' };
    const start = await sandbox.naught(['start', '--worker-count', '2', 'server.js'], { env });
    assert.deepStrictEqual(start, { stdout: 'workers online: 2\n', stderr: bootStderr(2), code: 0, signal: null });
    const daemon = daemonPid(sandbox);

    const deploy = watchNaught(sandbox, ['deploy'], { env, timeoutMs: 30_000 });
    await deploy.stderrUntil((stderr) => stderr.includes(ev('ShutdownOld', 0, 0, 2, 2)), 15_000, 'both old workers told to shut down');
    const duringDeploy = await sandbox.naught(['status']);
    assert.deepStrictEqual(duringDeploy, { stdout: 'deploy in progress\n' + counts(0, 0, 2, 2), stderr: '', code: 0, signal: null });
    assert.deepStrictEqual(await deploy.result, { stdout: '', stderr: deployEvents(2, 2) + 'done\n', code: 0, signal: null });

    const stop = watchNaught(sandbox, ['stop'], { timeoutMs: 30_000 });
    await stop.stderrUntil((stderr) => stderr.includes(ev('ShutdownOld', 0, 0, 2, 0)), 15_000, 'both workers told to shut down');
    const duringStop = await sandbox.naught(['status']);
    assert.deepStrictEqual(duringStop, { stdout: 'shutting down\n' + counts(0, 0, 2, 0), stderr: '', code: 0, signal: null });
    assert.deepStrictEqual(await stop.result, { stdout: '', stderr: stopStderr(2), code: 0, signal: null });
    await assertStoppedClean(sandbox, daemon);
  });
});
