// Fix 6: `stop --timeout` escalates to SIGKILL for a worker that ignores SIGTERM, so the stop never hangs.
import { strict as assert } from 'node:assert';
import { Sandbox, descendantsOf, freePort, isAlive } from '../helpers/naught';
import { assertStoppedClean, bootStderr, byNumber, daemonPid, ev } from '../helpers/fixes-helpers';

describe('fix 6: stop --timeout with workers that ignore SIGTERM', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;

  beforeEach(async () => {
    sandbox = await Sandbox.create();
  });
  afterEach(async () => {
    await sandbox.cleanup();
  });

  it("fix 6: stop --timeout 0.3 kills workers that ignore 'shutdown' and SIGTERM, exits 0 and leaves no process", async () => {
    // naught 1.6.0: DestroyOld only sent SIGTERM (worker.destroy()), so a worker that ignored it kept `stop --timeout` waiting forever.
    sandbox.useFixture('fix-stubborn.js');
    const port = await freePort();
    const start = await sandbox.naught(['start', '--worker-count', '2', 'server.js'], { env: { PORT: String(port) } });
    assert.deepStrictEqual(start, { stdout: 'workers online: 2\n', stderr: bootStderr(2), code: 0, signal: null });
    const daemon = daemonPid(sandbox);
    const workers = descendantsOf(daemon).sort(byNumber);
    assert.equal(workers.length, 2, `2 workers, not ${workers.join(', ')}`);

    const stop = await sandbox.naught(['stop', '--timeout', '0.3'], { timeoutMs: 20_000 });
    assert.deepStrictEqual(stop, {
      stdout: '',
      stderr:
        ev('ShutdownOld', 0, 1, 1, 0) +
        ev('ShutdownOld', 0, 0, 2, 0) +
        ev('Timeout', 0, 0, 2, 0) +
        ev('DestroyOld', 0, 0, 2, 0) +
        ev('DestroyOld', 0, 0, 2, 0) +
        ev('OldExit', 0, 0, 1, 0) +
        ev('OldExit', 0, 0, 0, 0),
      code: 0,
      signal: null,
    });
    for (const worker of workers) assert.ok(!isAlive(worker), `worker ${worker} is gone after the stop`);
    await assertStoppedClean(sandbox, daemon);

    // They were asked nicely first: 'shutdown', then SIGTERM, before the SIGKILL.
    const stdout = sandbox.read('stdout.log');
    for (const worker of workers) {
      assert.ok(stdout.includes(`worker ${worker} ignores shutdown\n`), `worker ${worker} got 'shutdown':\n${stdout}`);
      assert.ok(stdout.includes(`worker ${worker} ignores SIGTERM\n`), `worker ${worker} got SIGTERM before SIGKILL:\n${stdout}`);
    }
  });
});
