// Checks for exercise 10: your guard, with plain node and under the real `naught` with 2 workers under load.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { startLoad, type LoadRun } from '../../../naught-core/bench/load';
import { descendantsOf, freePort, httpGet, isAlive, Sandbox, sleep, waitFor } from '../../../naught-core/test/helpers/naught';
import { expectNothingRunning, waitForDeath } from '../../../naught-core/test/helpers/processes';
import { subjectPath } from '../../shared/subject';
import { assertNaughtBuilt, forbiddenNamesUsed, installServer, naughtEnv, readIfExists, startNaught, stopQuietly } from '../../shared/naught-exercise';

const EXERCISE_DIR = path.resolve(__dirname, '..');
const SLOW_WORK_MS = 1_000;
/** The client of the request that crashes gives up after this long (the guard cannot answer it). */
const CRASH_CLIENT_TIMEOUT_MS = 2_000;

/** What became of one request: its status, or the error that ended it. */
type Outcome = { status: number } | { error: string };

/** One GET on its own connection (no keep-alive), never rejecting. */
function request(port: number, urlPath: string, timeoutMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, agent: false, timeout: timeoutMs }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0 }));
      response.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'timeout' })));
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
  });
}

/** Sends `count` slow requests and resolves 200 ms later, while they are in progress (each takes SLOW_WORK_MS). */
async function slowRequestsInProgress(port: number, count: number): Promise<Array<Promise<Outcome>>> {
  const outcomes = Array.from({ length: count }, () => request(port, `/?work=${SLOW_WORK_MS}`, 10_000));
  await sleep(200);
  return outcomes;
}

describe('Exercise 10: the offline guard', function () {
  this.timeout(30_000);
  let serverFile: string;
  let sandbox: Sandbox;
  const plainNodes: ChildProcess[] = [];
  let load: LoadRun | null = null;
  let daemon: number | null = null;
  /** The port of the server under naught. */
  let port: number;

  before(async () => {
    assertNaughtBuilt();
    serverFile = subjectPath(EXERCISE_DIR, 'server.js');
    sandbox = await Sandbox.create('exercise-10-');
    installServer(sandbox, serverFile);
    port = await freePort();
  });

  after(async () => {
    await load?.stop().catch(() => undefined);
    for (const child of plainNodes) if (child.pid !== undefined && isAlive(child.pid)) child.kill('SIGKILL');
    await stopQuietly(sandbox);
    await sandbox.cleanup();
  });

  it("does not use naught-core's guardCrashes", () => {
    const used = forbiddenNamesUsed(serverFile, ['guardCrashes']);
    assert.deepEqual(used, [], 'server.js uses guardCrashes: write the guard yourself (drainServer, offline() and the rest are allowed)');
  });

  /** Runs `node server.js` alone, crashes it with `crashPath` while slow requests are in progress, and checks the exit. */
  async function crashPlainNode(crashPath: string, message: string): Promise<void> {
    const plainPort = await freePort();
    let stderr = '';
    const child = spawn(process.execPath, ['server.js'], { cwd: sandbox.dir, env: { ...process.env, ...naughtEnv(plainPort) }, stdio: ['ignore', 'ignore', 'pipe'] });
    plainNodes.push(child);
    child.stderr?.setEncoding('utf8').on('data', (data: string) => (stderr += data));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await waitFor(
      async () => {
        assert.equal(child.exitCode, null, `node server.js exited with code ${child.exitCode} before answering:\n${stderr}`);
        return (await request(plainPort, '/', 1_000).then((outcome) => 'status' in outcome && outcome.status === 200)) || null;
      },
      8_000,
      `node server.js to answer GET / on port ${plainPort}`,
    );

    const slow = await slowRequestsInProgress(plainPort, 2);
    const crash = request(plainPort, crashPath, CRASH_CLIENT_TIMEOUT_MS);
    await sleep(300);
    const afterCrash = await request(plainPort, '/', 1_000);
    assert.deepEqual(await Promise.all(slow), [{ status: 200 }, { status: 200 }], `the requests in progress when ${crashPath} crashed should be answered`);
    await crash;
    assert.ok(
      'error' in afterCrash,
      `a new connection 300 ms after the crash should be refused (the guard stops accepting; without naught there is no replacement to wait for), but it was answered ${JSON.stringify(afterCrash)}`,
    );
    const stillRunning = new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 10_000).unref());
    const code = await Promise.race([exited, stillRunning]);
    assert.equal(code, 1, `node server.js should exit with code 1 within 10 s of the crash; exit code: ${code}`);
    assert.ok(stderr.includes(message), `the guard should print the error on stderr; stderr was:\n${stderr}`);
  }

  it('with plain node, after an uncaught exception: finishes the requests in progress, refuses new ones, prints the error, exits with code 1', async () => {
    await crashPlainNode('/crash', 'crash on purpose: GET /crash');
  });

  it('with plain node, does the same after an unhandled promise rejection', async () => {
    await crashPlainNode('/reject', 'rejection on purpose: GET /reject');
  });

  it('starts under `naught start --worker-count 2`', async () => {
    await startNaught(sandbox, naughtEnv(port), 2, 10_000);
    daemon = sandbox.rememberDaemon(sandbox.path('naught.pid'));
    assert.ok(daemon !== null, 'naught.pid names the daemon');
  });

  it("under naught, under load: a crash fails only the request that caused it; the worker says 'offline', is replaced, and exits", async function () {
    this.timeout(60_000);
    assert.ok(daemon !== null, 'naught start did not succeed (see the check above): this check needs the server running under naught');
    const naughtLog = (): string => readIfExists(sandbox.path('naught.log'));
    const run = startLoad({ url: `http://127.0.0.1:${port}/`, connections: 8, maxSeconds: 40, timeoutSeconds: 5 });
    load = run;
    await sleep(800);
    assert.ok(run.samples.some((sample) => sample.ok), 'the load is answered before the crash');

    // Six slow requests on connections of their own: naught's cluster shares them out, so each worker has some in progress.
    const slow = await slowRequestsInProgress(port, 6);
    const crashAt = run.samples.length;
    const crash = request(port, '/crash', CRASH_CLIENT_TIMEOUT_MS);
    const outcomes = await Promise.all(slow);
    await crash;
    const died = await waitFor(() => naughtLog().includes('WorkerDeath'), 15_000, 'WorkerDeath').catch(() => false);
    await sleep(500);
    const answeredAfterCrash = run.samples.slice(crashAt).filter((sample) => sample.ok).length;
    const summary = await run.stop();
    load = null;

    assert.deepEqual(outcomes, Array(6).fill({ status: 200 }), 'every request in progress when /crash came should be answered');
    const failures = summary.samples.filter((sample) => !sample.ok);
    const kinds = [...new Set(failures.map((sample) => sample.error ?? `HTTP ${sample.status}`))].join(', ');
    assert.deepEqual(
      { errors: summary.errors, timeouts: summary.timeouts, non2xx: summary.non2xx, lostInFlight: summary.lostInFlight },
      { errors: 0, timeouts: 0, non2xx: 0, lostInFlight: 0 },
      `${summary.failed} of the load's ${summary.requests} requests failed (${kinds || 'closed without an answer'})`,
    );
    assert.ok(answeredAfterCrash > 0, 'the load kept being answered after the crash');

    const events = naughtLog()
      .split('\n')
      .map((line) => line.split('.')[0]);
    const offline = events.indexOf('WorkerOffline');
    assert.ok(offline !== -1, `naught.log has no WorkerOffline: the guard did not tell naught 'offline'.\nnaught.log:\n${naughtLog()}`);
    assert.ok(died, `the crashed worker did not exit within 15 s of the crash.\nnaught.log:\n${naughtLog()}`);
    const afterOffline = events.slice(offline);
    assert.ok(afterOffline.includes('SpawnNew'), `naught started a replacement after WorkerOffline.\nnaught.log:\n${naughtLog()}`);
    assert.ok(events.indexOf('WorkerDeath') > offline, `the worker said 'offline' before it exited.\nnaught.log:\n${naughtLog()}`);
    const status = await sandbox.naught(['status']);
    assert.equal(status.stdout, 'workers online: 2\n', 'naught status after the crash');
    assert.ok(readIfExists(sandbox.path('stderr.log')).includes('crash on purpose: GET /crash'), "the guard's error is in stderr.log");
    assert.equal((await httpGet(port, '/')).status, 200, 'still answering');
  });

  it('stops cleanly with `naught stop`, leaving nothing running', async () => {
    const daemonPid = daemon;
    assert.ok(daemonPid !== null, 'naught start did not succeed (see the check above)');
    const workers = descendantsOf(daemonPid);
    const stop = await sandbox.naught(['stop', '--timeout', '10'], { timeoutMs: 30_000 });
    assert.equal(stop.code, 0, `naught stop: ${stop.stderr}`);
    await waitForDeath([daemonPid, ...workers], 'the daemon and the workers to end');
    await expectNothingRunning(sandbox);
    assert.ok(!fs.existsSync(sandbox.path('naught.ipc')), 'naught.ipc is removed');
  });
});
