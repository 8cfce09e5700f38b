// Fix 2: any number of clients may talk to the daemon at once; a status during a deploy does not cut the deploy off.
import { strict as assert } from 'node:assert';
import { Sandbox, freePort } from '../helpers/naught';
import {
  assertStoppedClean,
  bootStderr,
  countLines,
  counts,
  daemonPid,
  deployEvents,
  ev,
  stopStderr,
  watchNaught,
} from '../helpers/fixes-helpers';

describe('fix 2: several clients at once', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;

  beforeEach(async () => {
    sandbox = await Sandbox.create();
  });
  afterEach(async () => {
    await sandbox.cleanup();
  });

  it('fix 2: five statuses during a slow deploy each get their answer and the deploy prints every event and done', async () => {
    // naught 1.6.0: the daemon kept one client socket and destroyed the deploy's connection when a status connected; the deploy never printed `done`.
    sandbox.useFixture('fix-slow.js');
    const port = await freePort();
    const start = await sandbox.naught(['start', '--worker-count', '2', 'server.js'], { env: { PORT: String(port) } });
    assert.deepStrictEqual(start, { stdout: 'workers online: 2\n', stderr: bootStderr(2), code: 0, signal: null });
    const daemon = daemonPid(sandbox);

    // The new workers take 2.5 s to come online: the statuses land while both boot.
    const deploy = watchNaught(sandbox, ['deploy'], { env: { PORT: String(port), ONLINE_DELAY_MS: '2500' }, timeoutMs: 30_000 });
    await deploy.stderrUntil((stderr) => stderr.includes(ev('SpawnNew', 2, 2, 0, 0)), 15_000, 'both new workers spawned');

    const together = await Promise.all([1, 2, 3].map(() => sandbox.naught(['status'])));
    const oneByOne = [await sandbox.naught(['status']), await sandbox.naught(['status'])];
    // While the new workers boot, the status text is `booting` and the counts (spec: status while workers are booting).
    const expected = { stdout: 'booting\n' + counts(2, 2, 0, 0), stderr: '', code: 0, signal: null };
    for (const status of [...together, ...oneByOne]) assert.deepStrictEqual(status, expected);

    const result = await deploy.result;
    assert.deepStrictEqual(result, { stdout: '', stderr: deployEvents(2, 2) + 'done\n', code: 0, signal: null });
    assert.equal(countLines(sandbox.read('naught.log'), 'Status. '), 5, 'each status is logged once');

    const stop = await sandbox.naught(['stop']);
    assert.deepStrictEqual(stop, { stdout: '', stderr: stopStderr(2), code: 0, signal: null });
    await assertStoppedClean(sandbox, daemon);
  });
});
