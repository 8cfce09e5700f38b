// Fix 2: any number of clients may talk to the daemon at once; a status during a deploy does not cut the deploy off.
import { strict as assert } from 'node:assert';
import { LiveRun, useSandbox } from '../helpers/naught';
import { bootLines, deployLines, ev, stopLines, text } from '../helpers/expected-output';
import { daemonPid } from '../helpers/processes';
import { assertStoppedClean, countLines, counts } from '../helpers/fixes-helpers';

describe('fix 2: several clients at once', function () {
  this.timeout(60_000);
  const ctx = useSandbox();

  it('fix 2: five statuses during a slow deploy each get their answer and the deploy prints every event and done', async () => {
    // naught 1.6.0: the daemon kept one client socket and destroyed the deploy's connection when a status connected; the deploy never printed `done`.
    ctx.sandbox.useFixture('fix-slow.js');
    const start = await ctx.sandbox.naught(['start', '--worker-count', '2', 'server.js'], { env: { PORT: String(ctx.port) } });
    assert.deepStrictEqual(start, { stdout: 'workers online: 2\n', stderr: text(...bootLines(2)), code: 0, signal: null });
    const daemon = daemonPid(ctx.sandbox);

    // The new workers take 2.5 s to come online: the statuses land while both boot.
    const deploy = LiveRun.naught(ctx.sandbox, ['deploy'], { env: { PORT: String(ctx.port), ONLINE_DELAY_MS: '2500' }, timeoutMs: 30_000 });
    await deploy.waitForStderr(text(ev('SpawnNew', 2, 2, 0, 0)), 'both new workers spawned');

    const together = await Promise.all([1, 2, 3].map(() => ctx.sandbox.naught(['status'])));
    const oneByOne = [await ctx.sandbox.naught(['status']), await ctx.sandbox.naught(['status'])];
    // While the new workers boot, the status text is `booting` and the counts (spec: status while workers are booting).
    const expected = { stdout: 'booting\n' + counts(2, 2, 0, 0), stderr: '', code: 0, signal: null };
    for (const status of [...together, ...oneByOne]) assert.deepStrictEqual(status, expected);

    const result = await deploy.result;
    assert.deepStrictEqual(result, { stdout: '', stderr: text(...deployLines(2, 2), 'done'), code: 0, signal: null });
    assert.equal(countLines(ctx.sandbox.read('naught.log'), 'Status. '), 5, 'each status is logged once');

    const stop = await ctx.sandbox.naught(['stop']);
    assert.deepStrictEqual(stop, { stdout: '', stderr: text(...stopLines(2)), code: 0, signal: null });
    await assertStoppedClean(ctx.sandbox, daemon);
  });
});
