// A crash under load with the offline guard and a single worker: the crashed
// worker keeps the shared port open until its replacement is online, so no
// other request fails (closing at once would refuse connections meanwhile).
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import { startLoad } from '../../bench/load';
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

    const run = startLoad({ url: `http://127.0.0.1:${ctx.port}/`, connections: 10, maxSeconds: 30, timeoutSeconds: 10 });
    await sleep(500);
    const crashOutcome = await requestCrash(ctx.port);
    // The whole offline sequence, up to the old worker's exit, happens under load.
    await waitFor(() => ctx.sandbox.exists('naught.log') && ctx.sandbox.read('naught.log').includes('WorkerDeath.'), 20_000, 'the crashed worker to exit');
    await sleep(500);
    const summary = await run.stop();

    assert.notEqual(crashOutcome, 'HTTP 200', 'the crashing request itself cannot succeed');
    assert.ok(summary.ok > 0, 'the load was answered');
    const firstFailure = summary.samples.find((sample) => !sample.ok);
    assert.deepStrictEqual(
      { errors: summary.errors, timeouts: summary.timeouts, non2xx: summary.non2xx, lostInFlight: summary.lostInFlight },
      { errors: 0, timeouts: 0, non2xx: 0, lostInFlight: 0 },
      `other requests failed (first: ${JSON.stringify(firstFailure)})`,
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
