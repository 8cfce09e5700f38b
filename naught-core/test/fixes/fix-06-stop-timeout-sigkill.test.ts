// Fix 6: `stop --timeout` escalates to SIGKILL for a worker that ignores SIGTERM, so the stop never hangs.
import { strict as assert } from 'node:assert';
import { descendantsOf, isAlive, useSandbox } from '../helpers/naught';
import { bootLines, ev, text } from '../helpers/expected-output';
import { daemonPid } from '../helpers/processes';
import { assertStoppedClean, byNumber } from '../helpers/fixes-helpers';

describe('fix 6: stop --timeout with workers that ignore SIGTERM', function () {
  this.timeout(60_000);
  const ctx = useSandbox();

  it("fix 6: stop --timeout 0.3 kills workers that ignore 'shutdown' and SIGTERM, exits 0 and leaves no process", async () => {
    // naught 1.6.0: DestroyOld only sent SIGTERM (worker.destroy()), so a worker that ignored it kept `stop --timeout` waiting forever.
    ctx.sandbox.useFixture('fix-stubborn.js');
    const start = await ctx.sandbox.naught(['start', '--worker-count', '2', 'server.js'], { env: { PORT: String(ctx.port) } });
    assert.deepStrictEqual(start, { stdout: 'workers online: 2\n', stderr: text(...bootLines(2)), code: 0, signal: null });
    const daemon = daemonPid(ctx.sandbox);
    const workers = descendantsOf(daemon).sort(byNumber);
    assert.equal(workers.length, 2, `2 workers, not ${workers.join(', ')}`);

    const stop = await ctx.sandbox.naught(['stop', '--timeout', '0.3'], { timeoutMs: 20_000 });
    assert.deepStrictEqual(stop, {
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
      signal: null,
    });
    for (const worker of workers) assert.ok(!isAlive(worker), `worker ${worker} is gone after the stop`);
    await assertStoppedClean(ctx.sandbox, daemon);

    // They were asked nicely first: 'shutdown', then SIGTERM, before the SIGKILL.
    const stdout = ctx.sandbox.read('stdout.log');
    for (const worker of workers) {
      assert.ok(stdout.includes(`worker ${worker} ignores shutdown\n`), `worker ${worker} got 'shutdown':\n${stdout}`);
      assert.ok(stdout.includes(`worker ${worker} ignores SIGTERM\n`), `worker ${worker} got SIGTERM before SIGKILL:\n${stdout}`);
    }
  });
});
