import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildApp } from '../demo/build';
import { freePort, get, sleep, stillRunning, waitUntilServing } from '../demo/processes';
import { RUNNERS, type Running } from '../demo/runners';

function runner(id: string) {
  const found = RUNNERS.find((candidate) => candidate.id === id);
  assert.ok(found, id);
  return found;
}

/** Waits until GET / answers 200 again, or gives up after `ms`. */
async function answersWithin(port: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if ((await get(port, '/', 500)).status === 200) return true;
    await sleep(50);
  }
  return false;
}

describe('05-crash-demo / the development managers and pm2, each stopped by PID', function () {
  this.timeout(60_000);
  let workDir: string;
  let port: number;
  let running: Running | null = null;

  before(() => buildApp());
  beforeEach(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ch05-runner-test-'));
    port = await freePort();
  });
  afterEach(async () => {
    if (running !== null) await running.stop();
    running = null;
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('supervisor restarts the app after the crash; stop() leaves no process and a closed port', async () => {
    running = await runner('supervisor').start({ port, workDir });
    await waitUntilServing(port, 15_000);
    const before = running.pids();
    assert.ok(before.length >= 2, 'supervisor and its child');
    assert.equal((await get(port, '/read')).error, 'ECONNRESET');
    assert.ok(await answersWithin(port, 10_000), 'supervisor brought it back');
    assert.match(running.output(), /exited with code 1/);
    const tree = running.pids();
    await running.stop();
    assert.deepEqual(stillRunning([...before, ...tree]), []);
    assert.equal((await get(port, '/')).error, 'ECONNREFUSED');
  });

  it('nodemon waits for a file change after the crash: the app stays down while nodemon runs; stop() ends both', async () => {
    running = await runner('nodemon').start({ port, workDir });
    await waitUntilServing(port, 15_000);
    assert.equal((await get(port, '/read')).error, 'ECONNRESET');
    assert.equal(await answersWithin(port, 1_500), false, 'nobody restarted the app');
    assert.match(running.output(), /app crashed - waiting for file changes/);
    const tree = running.pids();
    assert.ok(tree.length >= 1 && stillRunning(tree).length >= 1, 'nodemon itself is still running');
    await running.stop();
    assert.deepEqual(stillRunning(tree), []);
  });

  it('pm2 (fork mode, private PM2_HOME) restarts the app; stop() runs pm2 kill and leaves no daemon', async () => {
    running = await runner('pm2-fork').start({ port, workDir });
    await waitUntilServing(port, 15_000);
    const daemon = Number(fs.readFileSync(path.join(workDir, 'pm2-home', 'pm2.pid'), 'utf8'));
    assert.ok(daemon > 0 && stillRunning([daemon]).length === 1, 'the private pm2 daemon runs');
    assert.equal((await get(port, '/read')).error, 'ECONNRESET');
    assert.ok(await answersWithin(port, 10_000), 'pm2 brought it back');
    const tree = running.pids();
    assert.ok(tree.includes(daemon) && tree.length >= 2, 'the daemon and the app below it');
    await running.stop();
    assert.deepEqual(stillRunning(tree), []);
    assert.equal((await get(port, '/')).error, 'ECONNREFUSED');
  });
});
