// Fix 3: Ctrl+C on `naught deploy` aborts with zero downtime, says `deploy aborted` and exits non-zero.
import { strict as assert } from 'node:assert';
import { Sandbox, descendantsOf, freePort, httpGet } from '../helpers/naught';
import {
  assertStoppedClean,
  bootStderr,
  daemonPid,
  ev,
  stopStderr,
  watchNaught,
} from '../helpers/fixes-helpers';

describe('fix 3: Ctrl+C on deploy', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;

  beforeEach(async () => {
    sandbox = await Sandbox.create();
  });
  afterEach(async () => {
    await sandbox.cleanup();
  });

  it('fix 3: SIGINT to a hanging deploy prints the abort, `deploy aborted`, exits 1, and the old worker keeps serving', async () => {
    // naught 1.6.0: after the abort it got `Ready`, printed `done` and exited 0, as if the deploy had worked.
    sandbox.useFixture('fix-slow.js');
    const port = await freePort();
    const start = await sandbox.naught(['start', 'server.js'], { env: { PORT: String(port) } });
    assert.deepStrictEqual(start, { stdout: 'workers online: 1\n', stderr: bootStderr(1), code: 0, signal: null });
    const daemon = daemonPid(sandbox);
    const oldPid = (await httpGet(port, '/')).body;

    // The new worker would take 10 minutes to come online: the deploy hangs.
    const deploy = watchNaught(sandbox, ['deploy'], { env: { PORT: String(port), ONLINE_DELAY_MS: '600000' }, timeoutMs: 30_000 });
    await deploy.stderrUntil((stderr) => stderr.includes(ev('SpawnNew', 1, 1, 0, 0)), 15_000, 'the new worker spawned');
    assert.equal((await httpGet(port, '/')).body, oldPid, 'the old worker serves while the deploy hangs');

    deploy.child.kill('SIGINT');
    const result = await deploy.result;
    assert.deepStrictEqual(result, {
      stdout: '',
      stderr:
        ev('SpawnNew', 1, 1, 0, 0) +
        'aborting deploy\n' +
        ev('DestroyNew', 0, 1, 0, 0) +
        ev('NewDestroyed', 0, 1, 0, 0) +
        'deploy aborted\n',
      code: 1,
      signal: null,
    });

    assert.equal((await httpGet(port, '/')).body, oldPid, 'the old worker still serves after the abort');
    assert.deepStrictEqual(descendantsOf(daemon), [Number(oldPid)], 'the new worker is gone, the old one remains');
    const status = await sandbox.naught(['status']);
    assert.deepStrictEqual(status, { stdout: 'workers online: 1\n', stderr: '', code: 0, signal: null });

    const stop = await sandbox.naught(['stop']);
    assert.deepStrictEqual(stop, { stdout: '', stderr: stopStderr(1), code: 0, signal: null });
    await assertStoppedClean(sandbox, daemon);
  });
});
