// Fix 9: the ipc socket is owner-only (0600); another user gets a one-line error, never a stack trace; a clean stop removes the pid and ipc files.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { Sandbox, descendantsOf, freePort, httpGet, isAlive } from '../helpers/naught';
import { assertStoppedClean, bootStderr, countLines, daemonPid, runNaughtAsNobody, stopStderr } from '../helpers/fixes-helpers';

describe('fix 9: ipc socket permissions', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;

  beforeEach(async () => {
    sandbox = await Sandbox.create();
  });
  afterEach(async () => {
    await sandbox.cleanup();
  });

  it('fix 9: the socket is 0600; status, deploy, deploy-abort and stop as nobody get one error line and change nothing', async () => {
    // naught 1.6.0: the socket got the umask's mode and a refused user crashed the CLI with `throw error` (a stack trace).
    sandbox.useFixture('fix-http.js');
    const port = await freePort();
    const start = await sandbox.naught(['start', 'server.js'], { env: { PORT: String(port) } });
    assert.deepStrictEqual(start, { stdout: 'workers online: 1\n', stderr: bootStderr(1), code: 0, signal: null });
    const daemon = daemonPid(sandbox);
    const ipc = sandbox.path('naught.ipc');
    const mode = fs.statSync(ipc).mode & 0o777;
    assert.equal(mode, 0o600, `the ipc socket's mode is ${mode.toString(8)}, not 600`);

    const worker = (await httpGet(port, '/pid')).body;
    const logBefore = sandbox.read('naught.log');
    // Let nobody reach the socket itself, so the refusal comes from the socket's mode.
    fs.chmodSync(sandbox.dir, 0o755);
    const refused = `unable to connect to ipc-file \`${ipc}\`: permission denied\n`;
    for (const args of [['status', ipc], ['deploy', ipc], ['deploy-abort', ipc], ['stop', ipc]]) {
      const result = await runNaughtAsNobody(args, sandbox.dir);
      assert.deepStrictEqual(result, { stdout: '', stderr: refused, code: 1, signal: null }, `naught ${args[0]} as nobody`);
    }

    assert.ok(isAlive(daemon), 'the daemon still runs');
    assert.equal((await httpGet(port, '/pid')).body, worker, 'the same worker still serves');
    assert.deepStrictEqual(descendantsOf(daemon), [Number(worker)], 'no worker was added or removed');
    assert.equal(sandbox.read('naught.log'), logBefore, 'the refused commands reached nothing: no event was logged');
    assert.deepStrictEqual(await sandbox.naught(['status']), { stdout: 'workers online: 1\n', stderr: '', code: 0, signal: null });
    assert.equal(countLines(sandbox.read('naught.log'), 'Status. '), 1);

    const stop = await sandbox.naught(['stop']);
    assert.deepStrictEqual(stop, { stdout: '', stderr: stopStderr(1), code: 0, signal: null });
    await assertStoppedClean(sandbox, daemon);
    assert.ok(!fs.existsSync(ipc), 'no stale ipc file after a clean stop');
    assert.ok(!sandbox.exists('naught.pid'), 'no stale pid file after a clean stop');
  });
});
