import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startLoad } from '../../../naught-core/bench/load';
import { buildApp, GUARDED_SERVER_JS } from '../demo/build';
import { freePort, get, killAll, processTree, sendInFlight, sleep, stillRunning } from '../demo/processes';
import { REPO_ROOT } from '../demo/runners';

const NAUGHT = path.join(REPO_ROOT, 'naught-core', 'dist', 'cli', 'main.js');

describe('05-crash-demo / the offline guard under naught-core, 2 workers, under load', function () {
  this.timeout(60_000);
  let dir: string;
  let port: number;
  let env: NodeJS.ProcessEnv;
  const naught = (...args: string[]): { status: number | null; stdout: string; stderr: string } =>
    spawnSync(process.execPath, [NAUGHT, ...args], { cwd: dir, env, encoding: 'utf8', timeout: 30_000 });

  before(async () => {
    buildApp();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ch05-guard-test-'));
    port = await freePort();
    env = { ...process.env, PORT: String(port), NODE_OPTIONS: '' };
  });

  after(async () => {
    const pidFile = path.join(dir, 'naught.pid');
    const tree = fs.existsSync(pidFile) ? processTree(Number(fs.readFileSync(pidFile, 'utf8'))) : [];
    if (fs.existsSync(path.join(dir, 'naught.ipc'))) naught('stop', '--timeout', '3');
    await killAll(stillRunning(tree));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('GET /read fails only that request; the requests in flight and the load are answered; the server still answers', async () => {
    const started = naught('start', '--worker-count', '2', GUARDED_SERVER_JS);
    assert.equal(started.status, 0, started.stderr);
    assert.equal(started.stdout.trim(), 'workers online: 2');
    const naughtLog = (): string => fs.readFileSync(path.join(dir, 'naught.log'), 'utf8');

    const loadStartedAt = performance.now();
    const load = startLoad({ url: `http://127.0.0.1:${port}/`, connections: 4, maxSeconds: 20, timeoutSeconds: 2 });
    await sleep(800);
    const inFlight = await sendInFlight(port, '/?work=500', 4);
    const readAt = performance.now() - loadStartedAt;
    const read = get(port, '/read', 3_000);
    // The crashed worker exits after its drain, once the /read client gave up.
    for (let i = 0; i < 100 && !naughtLog().includes('WorkerDeath'); i++) await sleep(100);
    await sleep(500);
    const summary = await load.stop();
    const bystanders = await Promise.all(inFlight.results);
    const readResult = await read;

    const loadFailed = summary.samples.filter((sample) => !sample.ok);
    const failed = loadFailed.length + bystanders.filter((result) => result.status !== 200).length + (readResult.status === 200 ? 0 : 1);
    assert.ok(failed <= 1, `failed ${failed}: load ${JSON.stringify(loadFailed.slice(0, 5))}, in flight ${JSON.stringify(bystanders)}, /read ${JSON.stringify(readResult)}`);
    assert.notEqual(readResult.status, 200, 'the request that crashed gets no answer');
    assert.deepEqual(bystanders.map((result) => result.status), [200, 200, 200, 200]);
    assert.ok(summary.samples.filter((sample) => sample.ok && sample.at > readAt + 1_000).length > 10, 'the load kept being answered after the crash');

    assert.equal((await get(port, '/')).status, 200, 'still answering');
    assert.equal(naught('status').stdout.trim(), 'workers online: 2');
    const events = naughtLog()
      .split('\n')
      .map((line) => line.split('.')[0]);
    const afterCrash = events.slice(events.indexOf('WorkerOffline'));
    assert.deepEqual(afterCrash.slice(0, 5), ['WorkerOffline', 'SpawnNew', 'WorkerOnline', 'Ready', 'WorkerDeath']);
    assert.match(fs.readFileSync(path.join(dir, 'stderr.log'), 'utf8'), /ENOENT: no such file or directory/, 'the guard logged the error');
  });
});
