// 200 status requests at once (each on its own connection, through naught-core's client) and 20 `naught status`
// processes, all during a deploy under HTTP load: every one is answered, the deploy's client gets every event
// line and `done`, and no HTTP request fails.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { startLoad, type LoadRun } from '../bench/load';
import { getStatus } from '../src/client';
import type { NaughtEvent } from '../src/events';
import { LiveRun, sleep, useSandbox } from '../test/helpers/naught';
import { deployLines, ev, text } from '../test/helpers/expected-output';
import { NAUGHT_CORE_LIB, REPO_NODE_MODULES, STATUS_TEXT } from '../test/helpers/fixes-helpers';
import { recordOutcome } from './helpers/record';
import { linesStartingWith, startServer, stopClean, useFbFixture, workersOf } from './helpers/fb-daemon';

const WORKERS = 2;
const CLIENT_REQUESTS = 200;
const CLI_PROCESSES = 20;

/** A status taken during a 2 -> 2 deploy: the counts of one of its moments, never anything else. */
function assertDeployStatus(event: NaughtEvent): void {
  assert.equal(event.event, 'Status');
  const { booting, online, dying, new_online: newOnline } = event.count;
  assert.ok([booting, online, dying, newOnline].every((n) => Number.isInteger(n) && n >= 0), JSON.stringify(event));
  assert.equal(booting + newOnline, WORKERS, `the new cohort: ${JSON.stringify(event.count)}`);
  assert.equal(online + dying, WORKERS, `the old cohort: ${JSON.stringify(event.count)}`);
  assert.ok(event.waitingFor === 'new' || event.waitingFor === 'old', `waiting for ${event.waitingFor}`);
}

describe('racing statuses during a deploy', function () {
  this.timeout(150_000);
  let load: LoadRun | null = null;
  afterEach(async () => {
    await load?.stop().catch(() => undefined);
    load = null;
  });
  const ctx = useSandbox();

  it(`${CLIENT_REQUESTS} client statuses and ${CLI_PROCESSES} naught status processes during a deploy under load: all answered, the deploy is whole`, async () => {
    assert.ok(fs.existsSync(NAUGHT_CORE_LIB), 'the worker library is built');
    useFbFixture(ctx.sandbox, 'fb-keepalive-slow.js');
    const env = { PORT: String(ctx.port), NAUGHT_CORE_LIB, NODE_PATH: REPO_NODE_MODULES };
    const daemon = await startServer(ctx.sandbox, WORKERS, env);
    const before = workersOf(daemon);
    const run = startLoad({ url: `http://127.0.0.1:${ctx.port}/`, connections: 10, maxSeconds: 90, timeoutSeconds: 10 });
    load = run;
    await sleep(500);

    // The new workers say online 5 s after they start: the statuses land mid-deploy.
    const deploy = LiveRun.naught(ctx.sandbox, ['deploy'], { env: { ...env, ONLINE_DELAY_MS: '5000' }, timeoutMs: 90_000 });
    await deploy.waitForStderr(text(ev('SpawnNew', WORKERS, WORKERS, 0, 0)), 'the deploy to spawn');
    const ipcFile = ctx.sandbox.path('naught.ipc');
    const [events, cliResults] = await Promise.all([
      Promise.allSettled(Array.from({ length: CLIENT_REQUESTS }, () => getStatus({ ipcFile }))),
      Promise.all(Array.from({ length: CLI_PROCESSES }, () => ctx.sandbox.naught(['status'], { timeoutMs: 60_000 }))),
    ]);
    const result = await deploy.result;
    await sleep(300);
    const summary = await run.stop();
    load = null;

    const rejected = events.filter((outcome) => outcome.status === 'rejected');
    assert.deepStrictEqual(rejected, [], 'every client status is answered');
    for (const outcome of events) if (outcome.status === 'fulfilled') assertDeployStatus(outcome.value);
    for (const cli of cliResults) {
      assert.equal(cli.code, 0, JSON.stringify(cli));
      assert.equal(cli.stderr, '');
      assert.match(cli.stdout, STATUS_TEXT);
    }
    assert.deepStrictEqual(result, { stdout: '', stderr: text(...deployLines(WORKERS, WORKERS), 'done'), code: 0, signal: null }, 'the deploy’s client got every event');
    const after = workersOf(daemon);
    assert.ok(after.length === WORKERS && after.every((pid) => !before.includes(pid)), 'the deploy replaced the workers');
    // Node takes a while to start 20 processes on a busy machine: some may ask after the deploy is over.
    const cliMidDeploy = cliResults.filter((cli) => cli.stdout !== `workers online: ${WORKERS}\n`).length;
    assert.ok(cliMidDeploy > 0, 'some CLI statuses were taken mid-deploy');
    const statusLines = linesStartingWith(ctx.sandbox, 'naught.log', 'Status.').length;
    assert.equal(statusLines, CLIENT_REQUESTS + CLI_PROCESSES, 'each status is logged once');
    assert.ok(summary.ok > 0);
    assert.deepStrictEqual(
      { errors: summary.errors, timeouts: summary.timeouts, non2xx: summary.non2xx, lostInFlight: summary.lostInFlight },
      { errors: 0, timeouts: 0, non2xx: 0, lostInFlight: 0 },
      `HTTP failures under the deploy (first: ${JSON.stringify(summary.samples.find((sample) => !sample.ok))})`,
    );
    await stopClean(ctx.sandbox, daemon, WORKERS);
    recordOutcome({
      area: 'race',
      fault: `${CLIENT_REQUESTS} client + ${CLI_PROCESSES} CLI status calls at once`,
      point: 'during a deploy, under 10 keep-alive connections',
      outcome: 'all answered with mid-deploy counts; deploy client got every line and done',
      requests: summary.requests,
      failedRequests: summary.failed,
      lostInFlight: summary.lostInFlight,
      orphans: 0,
      figures: { statusCalls: CLIENT_REQUESTS + CLI_PROCESSES, statusFailures: rejected.length, cliStatusesMidDeploy: cliMidDeploy },
    });
  });
});
