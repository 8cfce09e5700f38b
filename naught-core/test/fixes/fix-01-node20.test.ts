// Fix 1: naught-core runs on Node 20 and later (start, deploy, stop for real).
import { strict as assert } from 'node:assert';
import { descendantsOf, httpGet, isAlive, useSandbox } from '../helpers/naught';
import { SHUTDOWN_LINE, bootLines, deployLines, ready, stopLines, text } from '../helpers/expected-output';
import { cmdlineOf, daemonPid } from '../helpers/processes';
import { assertStoppedClean, byNumber } from '../helpers/fixes-helpers';

describe('fix 1: runs on Node 20 and later', function () {
  this.timeout(60_000);
  const ctx = useSandbox();

  it('fix 1: start, deploy and stop run a real daemon whose workers answer HTTP', async () => {
    // naught 1.6.0: on Node 20 its daemon died silently, so nothing ever served.
    assert.ok(Number(process.versions.node.split('.')[0]) >= 20, `this test needs Node >= 20, not ${process.version}`);
    ctx.sandbox.useFixture('fix-http.js');
    const env = { PORT: String(ctx.port) };

    const start = await ctx.sandbox.naught(['start', '--worker-count', '2', 'server.js'], { env });
    assert.deepStrictEqual(start, { stdout: 'workers online: 2\n', stderr: text(...bootLines(2)), code: 0, signal: null });

    const daemon = daemonPid(ctx.sandbox);
    assert.ok(isAlive(daemon), `the pid file names ${daemon}, which is not running`);
    assert.match(cmdlineOf(daemon), /node/, 'the daemon is a node process');
    const firstWorkers = descendantsOf(daemon).sort(byNumber);
    assert.equal(firstWorkers.length, 2, `the daemon has 2 workers, not ${firstWorkers.join(', ')}`);
    for (let i = 0; i < 6; i++) {
      const answer = await httpGet(ctx.port, '/pid');
      assert.equal(answer.status, 200);
      assert.ok(firstWorkers.includes(Number(answer.body)), `answer from ${answer.body}, not one of the workers ${firstWorkers.join(', ')}`);
    }

    const deploy = await ctx.sandbox.naught(['deploy'], { env });
    assert.deepStrictEqual(deploy, { stdout: '', stderr: text(...deployLines(2, 2), 'done'), code: 0, signal: null });
    assert.ok(isAlive(daemon), 'the daemon survives the deploy');
    assert.equal(daemonPid(ctx.sandbox), daemon, 'the same daemon runs after the deploy');
    for (const old of firstWorkers) assert.ok(!isAlive(old), `old worker ${old} has exited after the deploy`);
    const newWorkers = descendantsOf(daemon).sort(byNumber);
    assert.equal(newWorkers.length, 2, `2 new workers, not ${newWorkers.join(', ')}`);
    for (let i = 0; i < 6; i++) {
      const answer = await httpGet(ctx.port, '/pid');
      assert.ok(newWorkers.includes(Number(answer.body)), `answer from ${answer.body}, not one of the new workers ${newWorkers.join(', ')}`);
    }

    const stop = await ctx.sandbox.naught(['stop'], {});
    assert.deepStrictEqual(stop, { stdout: '', stderr: text(...stopLines(2)), code: 0, signal: null });
    await assertStoppedClean(ctx.sandbox, daemon);
    for (const worker of newWorkers) assert.ok(!isAlive(worker), `worker ${worker} has exited after the stop`);

    assert.equal(
      ctx.sandbox.read('naught.log'),
      text(...bootLines(2), ready(2), ...deployLines(2, 2), ready(2), ...stopLines(2), SHUTDOWN_LINE),
    );
  });
});
