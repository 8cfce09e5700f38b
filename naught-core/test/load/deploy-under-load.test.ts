// Zero-downtime deploys under a real keep-alive load: three deploys while 20 keep-alive connections stay busy
// (autocannon through the shared load tool, which also counts requests lost in flight on a closed connection).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { startLoad, type LoadRun } from '../../bench/load';
import { descendantsOf, httpGet, sleep, useSandbox } from '../helpers/naught';
import { bootLines, deployLines, stopLines, text } from '../helpers/expected-output';
import { daemonPid } from '../helpers/processes';
import { NAUGHT_CORE_LIB, REPO_NODE_MODULES, assertStoppedClean, byNumber } from '../helpers/fixes-helpers';

describe('deploys under load', function () {
  this.timeout(150_000);
  let load: LoadRun | null = null;

  // Registered before useSandbox's cleanup, so that the load stops before the server does.
  afterEach(async () => {
    await load?.stop().catch(() => undefined);
    load = null;
  });
  const ctx = useSandbox();

  it('three deploys one after another under 20 keep-alive connections: no error, no timeout, no non-2xx, every deploy done', async () => {
    assert.ok(fs.existsSync(NAUGHT_CORE_LIB), `the worker library ${NAUGHT_CORE_LIB} is built`);
    ctx.sandbox.useFixture('fix-keepalive.js');
    const env = { PORT: String(ctx.port), NAUGHT_CORE_LIB, NODE_PATH: REPO_NODE_MODULES };
    const start = await ctx.sandbox.naught(['start', '--worker-count', '2', 'server.js'], { env });
    assert.deepStrictEqual(start, { stdout: 'workers online: 2\n', stderr: text(...bootLines(2)), code: 0, signal: null });
    const daemon = daemonPid(ctx.sandbox);
    assert.match((await httpGet(ctx.port, '/')).body, /^ok \d+\n$/);

    // At most 60 s of load; it is stopped as soon as the deploys are over.
    const run = startLoad({ url: `http://127.0.0.1:${ctx.port}/`, connections: 20, maxSeconds: 60, timeoutSeconds: 10 });
    load = run;
    const answered = (): number => run.samples.filter((sample) => sample.ok).length;
    await sleep(1_000);
    assert.ok(answered() > 0, 'the load is flowing before the first deploy');

    let workers = descendantsOf(daemon).sort(byNumber);
    for (let round = 1; round <= 3; round++) {
      const before = answered();
      const deploy = await ctx.sandbox.naught(['deploy'], { env, timeoutMs: 60_000 });
      assert.deepStrictEqual(deploy, { stdout: '', stderr: text(...deployLines(2, 2), 'done'), code: 0, signal: null }, `deploy ${round}`);
      const now = descendantsOf(daemon).sort(byNumber);
      assert.equal(now.length, 2, `2 workers after deploy ${round}: ${now.join(', ')}`);
      assert.ok(now.every((pid) => !workers.includes(pid)), `deploy ${round} replaced both workers (${workers.join(', ')} -> ${now.join(', ')})`);
      workers = now;
      await sleep(300);
      assert.ok(answered() > before, `requests kept being answered across deploy ${round}`);
    }
    await sleep(500);
    const summary = await run.stop();
    load = null;

    assert.ok(summary.ok > 0, 'requests were answered');
    const firstFailure = summary.samples.find((sample) => !sample.ok);
    assert.deepStrictEqual(
      { errors: summary.errors, timeouts: summary.timeouts, non2xx: summary.non2xx, lostInFlight: summary.lostInFlight, mismatches: summary.result.mismatches },
      { errors: 0, timeouts: 0, non2xx: 0, lostInFlight: 0, mismatches: 0 },
      `the load saw failures (first: ${JSON.stringify(firstFailure)}); ${summary.ok} requests answered`,
    );

    const stop = await ctx.sandbox.naught(['stop'], { timeoutMs: 30_000 });
    assert.deepStrictEqual(stop, { stdout: '', stderr: text(...stopLines(2)), code: 0, signal: null });
    await assertStoppedClean(ctx.sandbox, daemon);
  });
});
