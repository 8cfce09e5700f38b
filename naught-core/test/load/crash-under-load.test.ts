// A crash under load with the offline guard and a single worker: the crashed
// worker keeps the shared port open until its replacement is online, so no
// other request fails (closing at once would refuse connections meanwhile).
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import autocannon from 'autocannon';
import { sleep, useSandbox, waitFor } from '../helpers/naught';
import { NAUGHT_CORE_LIB, REPO_NODE_MODULES } from '../helpers/fixes-helpers';

/** GET /crash: the worker throws before answering, so this one request fails; it resolves with how it ended. */
function requestCrash(port: number): Promise<string> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/crash', agent: false, timeout: 1_000 }, (response) => {
      response.resume();
      response.on('end', () => resolve(`HTTP ${response.statusCode}`));
    });
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', (error) => resolve(error.message));
  });
}

describe('a crash under load, with the offline guard', function () {
  this.timeout(60_000);
  const ctx = useSandbox();

  it('with one worker: only the crashing request fails, the replacement takes over, the old worker leaves', async () => {
    ctx.sandbox.useFixture('fix-guarded.js');
    const env = { PORT: String(ctx.port), NAUGHT_CORE_LIB, NODE_PATH: REPO_NODE_MODULES };
    const start = await ctx.sandbox.naught(['start', 'server.js'], { env });
    assert.equal(start.code, 0, start.stderr);

    let instance!: autocannon.Instance;
    const finished = new Promise<autocannon.Result>((resolve, reject) => {
      instance = autocannon({ url: `http://127.0.0.1:${ctx.port}/`, connections: 10, duration: 30, timeout: 10 }, (error: unknown, result: autocannon.Result) =>
        error ? reject(error as Error) : resolve(result),
      );
    });
    let firstError: unknown = null;
    instance.on('reqError', (error: unknown) => (firstError ??= error));
    await sleep(500);
    const crashOutcome = await requestCrash(ctx.port);
    // The whole offline sequence, up to the old worker's exit, happens under load.
    await waitFor(() => ctx.sandbox.exists('naught.log') && ctx.sandbox.read('naught.log').includes('WorkerDeath.'), 20_000, 'the crashed worker to exit');
    await sleep(500);
    instance.stop();
    const result = await finished;

    assert.notEqual(crashOutcome, 'HTTP 200', 'the crashing request itself cannot succeed');
    assert.ok(result['2xx'] > 0, 'the load was answered');
    assert.deepStrictEqual(
      { errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx },
      { errors: 0, timeouts: 0, non2xx: 0 },
      `other requests failed (first: ${String(firstError)})`,
    );
    const events = ctx.sandbox
      .read('naught.log')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => line.split('.')[0]);
    assert.deepStrictEqual(events, ['Bootup', 'SpawnNew', 'NewOnline', 'Ready', 'WorkerOffline', 'SpawnNew', 'WorkerOnline', 'Ready', 'WorkerDeath']);
    assert.match(ctx.sandbox.read('stderr.log'), /guard caught: crash on purpose/);

    const stop = await ctx.sandbox.naught(['stop']);
    assert.equal(stop.code, 0, stop.stderr);
  });
});
