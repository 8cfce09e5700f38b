// Fix 9: the ipc socket is owner-only (0600); another user gets a one-line error, never a stack trace; a clean stop removes the pid and ipc files.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { descendantsOf, httpGet, isAlive, useSandbox } from '../helpers/naught';
import { bootLines, stopLines, text } from '../helpers/expected-output';
import { daemonPid, runNaughtAsNobody } from '../helpers/processes';
import { assertStoppedClean, countLines } from '../helpers/fixes-helpers';

describe('fix 9: ipc socket permissions', function () {
  this.timeout(60_000);
  const ctx = useSandbox();

  it('fix 9: the socket is 0600; status, deploy, deploy-abort and stop as nobody get one error line and change nothing', async () => {
    // naught 1.6.0: the socket got the umask's mode and a refused user crashed the CLI with `throw error` (a stack trace).
    ctx.sandbox.useFixture('fix-http.js');
    const start = await ctx.sandbox.naught(['start', 'server.js'], { env: { PORT: String(ctx.port) } });
    assert.deepStrictEqual(start, { stdout: 'workers online: 1\n', stderr: text(...bootLines(1)), code: 0, signal: null });
    const daemon = daemonPid(ctx.sandbox);
    const ipc = ctx.sandbox.path('naught.ipc');
    const mode = fs.statSync(ipc).mode & 0o777;
    assert.equal(mode, 0o600, `the ipc socket's mode is ${mode.toString(8)}, not 600`);

    const worker = (await httpGet(ctx.port, '/pid')).body;
    const logBefore = ctx.sandbox.read('naught.log');
    // Let nobody reach the socket itself, so the refusal comes from the socket's mode.
    fs.chmodSync(ctx.sandbox.dir, 0o755);
    const refused = `unable to connect to ipc-file \`${ipc}\`: permission denied\n`;
    for (const args of [['status', ipc], ['deploy', ipc], ['deploy-abort', ipc], ['stop', ipc]]) {
      const result = await runNaughtAsNobody(args, { cwd: ctx.sandbox.dir, timeoutMs: 15_000 });
      assert.deepStrictEqual(result, { stdout: '', stderr: refused, code: 1, signal: null }, `naught ${args[0]} as nobody`);
    }

    assert.ok(isAlive(daemon), 'the daemon still runs');
    assert.equal((await httpGet(ctx.port, '/pid')).body, worker, 'the same worker still serves');
    assert.deepStrictEqual(descendantsOf(daemon), [Number(worker)], 'no worker was added or removed');
    assert.equal(ctx.sandbox.read('naught.log'), logBefore, 'the refused commands reached nothing: no event was logged');
    assert.deepStrictEqual(await ctx.sandbox.naught(['status']), { stdout: 'workers online: 1\n', stderr: '', code: 0, signal: null });
    assert.equal(countLines(ctx.sandbox.read('naught.log'), 'Status. '), 1);

    const stop = await ctx.sandbox.naught(['stop']);
    assert.deepStrictEqual(stop, { stdout: '', stderr: text(...stopLines(1)), code: 0, signal: null });
    await assertStoppedClean(ctx.sandbox, daemon);
    assert.ok(!fs.existsSync(ipc), 'no stale ipc file after a clean stop');
    assert.ok(!ctx.sandbox.exists('naught.pid'), 'no stale pid file after a clean stop');
  });
});
