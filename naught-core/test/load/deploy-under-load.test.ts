// Zero-downtime deploys under a real keep-alive load: three deploys while autocannon keeps 20 connections busy.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import autocannon from 'autocannon';
import { descendantsOf, httpGet, sleep, useSandbox } from '../helpers/naught';
import { bootLines, deployLines, stopLines, text } from '../helpers/expected-output';
import { daemonPid } from '../helpers/processes';
import { NAUGHT_CORE_LIB, REPO_NODE_MODULES, assertStoppedClean, byNumber } from '../helpers/fixes-helpers';

describe('deploys under load', function () {
  this.timeout(150_000);
  let cannon: autocannon.Instance | null = null;

  // Registered before useSandbox's cleanup, so that the load stops before the server does.
  afterEach(() => {
    cannon?.stop();
    cannon = null;
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
    let responses = 0;
    let firstError: unknown = null;
    let instance!: autocannon.Instance;
    const finished = new Promise<autocannon.Result>((resolve, reject) => {
      const options = { url: `http://127.0.0.1:${ctx.port}/`, connections: 20, pipelining: 1, duration: 60, timeout: 10 };
      instance = autocannon(options, (error: unknown, result: autocannon.Result) => (error ? reject(error as Error) : resolve(result)));
    });
    finished.catch(() => undefined);
    cannon = instance;
    instance.on('response', () => responses++);
    instance.on('reqError', (error: unknown) => (firstError ??= error));
    await sleep(1_000);
    assert.ok(responses > 0, 'the load is flowing before the first deploy');

    let workers = descendantsOf(daemon).sort(byNumber);
    for (let round = 1; round <= 3; round++) {
      const before = responses;
      const deploy = await ctx.sandbox.naught(['deploy'], { env, timeoutMs: 60_000 });
      assert.deepStrictEqual(deploy, { stdout: '', stderr: text(...deployLines(2, 2), 'done'), code: 0, signal: null }, `deploy ${round}`);
      const now = descendantsOf(daemon).sort(byNumber);
      assert.equal(now.length, 2, `2 workers after deploy ${round}: ${now.join(', ')}`);
      assert.ok(now.every((pid) => !workers.includes(pid)), `deploy ${round} replaced both workers (${workers.join(', ')} -> ${now.join(', ')})`);
      workers = now;
      await sleep(300);
      assert.ok(responses > before, `requests kept being answered across deploy ${round}`);
    }
    await sleep(500);
    instance.stop();
    const result = await finished;
    cannon = null;

    assert.ok(result['2xx'] > 0, 'requests were answered');
    assert.deepStrictEqual(
      { errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx, mismatches: result.mismatches },
      { errors: 0, timeouts: 0, non2xx: 0, mismatches: 0 },
      `the load saw failures (first: ${String(firstError)}); ${result['2xx']} requests answered`,
    );

    const stop = await ctx.sandbox.naught(['stop'], { timeoutMs: 30_000 });
    assert.deepStrictEqual(stop, { stdout: '', stderr: text(...stopLines(2)), code: 0, signal: null });
    await assertStoppedClean(ctx.sandbox, daemon);
  });
});
