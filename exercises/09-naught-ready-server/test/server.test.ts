// Checks for exercise 09: your server.js under the real `naught`, deployed twice under keep-alive load.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startLoad, type LoadRun } from '../../../naught-core/bench/load';
import { descendantsOf, freePort, httpGet, type HttpResponse, isAlive, Sandbox, sleep, waitFor } from '../../../naught-core/test/helpers/naught';
import { expectNothingRunning, waitForDeath } from '../../../naught-core/test/helpers/processes';
import { subjectPath } from '../../shared/subject';
import { assertNaughtBuilt, forbiddenNamesUsed, installServer, naughtEnv, readIfExists, startNaught, stopQuietly } from '../../shared/naught-exercise';

const EXERCISE_DIR = path.resolve(__dirname, '..');
const OFF_LIMITS = ['handleShutdown', 'drainServer', 'trackConnections'];
const WORKERS = 2;
const DEPLOYS = 2;
const START_TIMEOUT_MS = 10_000;

describe('Exercise 09: a naught-ready server', function () {
  this.timeout(30_000);
  let serverFile: string;
  let sandbox: Sandbox;
  let port: number;
  let env: NodeJS.ProcessEnv;
  /** Set once `naught start` succeeded: the later checks need the server running. */
  let daemon: number | null = null;
  let load: LoadRun | null = null;
  let plainNode: ChildProcess | null = null;

  before(async () => {
    assertNaughtBuilt();
    serverFile = subjectPath(EXERCISE_DIR, 'server.js');
    sandbox = await Sandbox.create('exercise-09-');
    installServer(sandbox, serverFile);
    port = await freePort();
    env = naughtEnv(port);
  });

  after(async () => {
    await load?.stop().catch(() => undefined);
    if (plainNode?.pid !== undefined && isAlive(plainNode.pid)) plainNode.kill('SIGKILL');
    await stopQuietly(sandbox);
    await sandbox.cleanup();
  });

  function requireRunning(): number {
    assert.ok(daemon !== null, 'naught start did not succeed (see the check above): this check needs the server running under naught');
    return daemon;
  }

  it("does not use naught-core's handleShutdown, drainServer or trackConnections", () => {
    const used = forbiddenNamesUsed(serverFile, OFF_LIMITS);
    assert.deepEqual(used, [], `server.js uses ${used.join(', ')}: write the drain yourself (online() and onShutdown() are allowed)`);
  });

  it('answers GET / on 127.0.0.1:$PORT when run with plain node', async function () {
    this.timeout(15_000);
    const plainPort = await freePort();
    plainNode = spawn(process.execPath, ['server.js'], { cwd: sandbox.dir, env: { ...process.env, ...naughtEnv(plainPort) }, stdio: 'ignore' });
    const child = plainNode;
    try {
      const response = await waitFor<HttpResponse | null>(
        async () => {
          assert.equal(child.exitCode, null, `node server.js exited with code ${child.exitCode} before answering`);
          return httpGet(plainPort, '/', 1_000).catch(() => null);
        },
        8_000,
        `node server.js to answer GET / on port ${plainPort}`,
      );
      assert.ok(response !== null);
      assert.equal(response.status, 200, `GET / answered ${response.status}: ${response.body}`);
    } finally {
      child.kill('SIGKILL');
      if (child.pid !== undefined) await waitForDeath([child.pid], 'node server.js to end');
    }
  });

  it(`tells naught it is online: \`naught start --worker-count ${WORKERS}\` finishes within ${START_TIMEOUT_MS / 1000} s`, async () => {
    await startNaught(sandbox, env, WORKERS, START_TIMEOUT_MS);
    daemon = sandbox.rememberDaemon(sandbox.path('naught.pid'));
    assert.ok(daemon !== null, 'naught.pid names the daemon');
    assert.equal((await httpGet(port, '/')).status, 200, 'GET / under naught');
  });

  it(`loses no request from 20 keep-alive connections across ${DEPLOYS} \`naught deploy\`s, and every deploy succeeds`, async function () {
    this.timeout(90_000);
    const daemonPid = requireRunning();
    const run = startLoad({ url: `http://127.0.0.1:${port}/`, connections: 20, maxSeconds: 60, timeoutSeconds: 10 });
    load = run;
    const answered = (): number => run.samples.filter((sample) => sample.ok).length;
    await sleep(1_000);
    assert.ok(answered() > 0, 'the load is answered before the first deploy');

    let workers = descendantsOf(daemonPid);
    for (let round = 1; round <= DEPLOYS; round++) {
      const before = answered();
      // --timeout: old workers that never exit make the deploy fail after 20 s instead of waiting for ever.
      const deploy = await sandbox.naught(['deploy', '--timeout', '20'], { env, timeoutMs: 40_000 });
      assert.ok(
        deploy.code === 0 && deploy.stderr.endsWith('done\n'),
        `deploy ${round} failed (exit code ${deploy.code}): did the old workers exit after 'shutdown'?\n${deploy.stdout}${deploy.stderr}` +
          `stderr.log:\n${readIfExists(sandbox.path('stderr.log'))}`,
      );
      const now = descendantsOf(daemonPid);
      assert.equal(now.length, WORKERS, `${WORKERS} workers after deploy ${round}, found ${now.length}`);
      assert.ok(now.every((pid) => !workers.includes(pid)), `deploy ${round} replaced every worker`);
      workers = now;
      await sleep(300);
      assert.ok(answered() > before, `requests kept being answered across deploy ${round}`);
    }
    await sleep(500);
    const summary = await run.stop();
    load = null;

    const failures = summary.samples.filter((sample) => !sample.ok);
    const kinds = [...new Set(failures.map((sample) => sample.error ?? `HTTP ${sample.status}`))].join(', ');
    assert.ok(summary.ok > 0, 'requests were answered');
    assert.deepEqual(
      { errors: summary.errors, timeouts: summary.timeouts, non2xx: summary.non2xx, lostInFlight: summary.lostInFlight },
      { errors: 0, timeouts: 0, non2xx: 0, lostInFlight: 0 },
      `${summary.failed} of ${summary.requests} requests failed (${kinds || 'closed without an answer'}): ` +
        'a connection was closed while its client was using it, or a worker exited with requests in progress',
    );
  });

  it('exits by itself on `naught stop` (no worker has to be killed), and leaves nothing running', async () => {
    const daemonPid = requireRunning();
    const workers = descendantsOf(daemonPid);
    const stop = await sandbox.naught(['stop', '--timeout', '10'], { timeoutMs: 30_000 });
    assert.equal(stop.code, 0, `naught stop: ${stop.stderr}`);
    assert.doesNotMatch(stop.stderr, /^(Timeout|DestroyOld)\./m, `the workers did not exit after 'shutdown' within 10 s; naught had to kill them:\n${stop.stderr}`);
    await waitForDeath([daemonPid, ...workers], 'the daemon and the workers to end');
    await expectNothingRunning(sandbox);
    assert.ok(!fs.existsSync(sandbox.path('naught.ipc')), 'naught.ipc is removed');
  });
});
