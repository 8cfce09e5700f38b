// Fix 8: `start`s racing on one ipc file: exactly one wins, the others report the running server and exit 1; the pid file names the real daemon.
import { strict as assert } from 'node:assert';
import {
  collect,
  descendantsOf,
  httpGet,
  isAlive,
  processesWithCwdUnder,
  spawnNaught,
  useSandbox,
  waitFor,
} from '../helpers/naught';
import { bootLines, stopLines, text } from '../helpers/expected-output';
import { daemonPid, describeProcesses } from '../helpers/processes';
import { STATUS_TEXT, assertStoppedClean, byNumber, listeningSocketOwners } from '../helpers/fixes-helpers';

describe('fix 8: racing starts', function () {
  this.timeout(90_000);
  const ctx = useSandbox();

  it('fix 8: ten concurrent `naught start`s on one ipc file: one daemon, one set of workers, one winner', async () => {
    // naught 1.6.0: every racing CLI found no socket and spawned a daemon; each wrote the pid file, the losers' daemons failed to listen, and the pid file could name a dead loser.
    ctx.sandbox.useFixture('fix-http.js');
    const env = { PORT: String(ctx.port) };
    const clis = Array.from({ length: 10 }, () => spawnNaught(['start', '--worker-count', '2', 'server.js'], { cwd: ctx.sandbox.dir, env }));
    const results = await Promise.all(clis.map((child) => collect(child, 60_000, ['start'])));
    const daemon = daemonPid(ctx.sandbox);

    const winners = results.filter((result) => result.code === 0);
    assert.equal(winners.length, 1, `exactly one start exits 0:\n${JSON.stringify(results, null, 1)}`);
    assert.deepStrictEqual(winners[0], { stdout: 'workers online: 2\n', stderr: text(...bootLines(2)), code: 0, signal: null });
    for (const loser of results.filter((result) => result !== winners[0])) {
      assert.equal(loser.code, 1, `a losing start exits 1: ${JSON.stringify(loser)}`);
      assert.equal(loser.signal, null);
      assert.equal(loser.stderr, '', `a losing start prints nothing on stderr: ${JSON.stringify(loser)}`);
      assert.match(loser.stdout, STATUS_TEXT, `a losing start prints the status text: ${JSON.stringify(loser)}`);
    }
    for (const child of clis) assert.ok(child.pid !== undefined && !isAlive(child.pid), `CLI ${child.pid} has exited`);

    // Exactly one daemon and its two workers run in the sandbox: no losing daemon is left.
    assert.ok(isAlive(daemon), `the pid file names ${daemon}, which is not running`);
    const expected = (): number[] => [daemon, ...descendantsOf(daemon)].sort(byNumber);
    await waitFor(() => JSON.stringify(processesWithCwdUnder(ctx.sandbox.dir).sort(byNumber)) === JSON.stringify(expected()), 10_000, 'only one daemon').catch(() => {
      throw new Error(
        `processes in the sandbox:\n${describeProcesses(processesWithCwdUnder(ctx.sandbox.dir))}\nexpected the daemon ${daemon} and its workers ${descendantsOf(daemon).join(', ')}`,
      );
    });
    assert.equal(descendantsOf(daemon).length, 2, `one set of 2 workers: ${descendantsOf(daemon).join(', ')}`);
    assert.deepStrictEqual(listeningSocketOwners(ctx.sandbox.path('naught.ipc')), [daemon], 'the process named by the pid file owns the ipc socket');

    const workers = descendantsOf(daemon);
    const answer = await httpGet(ctx.port, '/pid');
    assert.ok(workers.includes(Number(answer.body)), `answer from ${answer.body}, not one of ${workers.join(', ')}`);
    const status = await ctx.sandbox.naught(['status']);
    assert.deepStrictEqual(status, { stdout: 'workers online: 2\n', stderr: '', code: 0, signal: null });

    const stop = await ctx.sandbox.naught(['stop']);
    assert.deepStrictEqual(stop, { stdout: '', stderr: text(...stopLines(2)), code: 0, signal: null });
    await assertStoppedClean(ctx.sandbox, daemon);
  });
});
