import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { buildApp, DIST_DIR, GUARDED_SERVER_JS, SERVER_JS } from '../demo/build';
import { freePort, get, waitUntilServing } from '../demo/processes';

interface Started {
  child: ChildProcess;
  port: number;
  stderr: () => string;
  exited: Promise<number | null>;
}

async function startPlain(script: string): Promise<Started> {
  const port = await freePort();
  const child = spawn(process.execPath, [script], { env: { ...process.env, PORT: String(port), NODE_OPTIONS: '' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await waitUntilServing(port, 10_000, () => stderr);
  return { child, port, stderr: () => stderr, exited };
}

describe('05-crash-demo / the app, compiled and run with plain node', function () {
  this.timeout(30_000);
  let started: Started | null = null;

  before(() => {
    const written = buildApp({ force: true }); // really compile: type-check and emit
    for (const file of [SERVER_JS, GUARDED_SERVER_JS]) assert.ok(written.includes(file) && fs.existsSync(file), `${file} was not written`);
    assert.deepEqual(buildApp(), written, 'a second build finds dist/ up to date');
    assert.ok(fs.readFileSync(SERVER_JS, 'utf8').includes('require("naught-core")'), 'compiled to CommonJS');
  });

  afterEach(async () => {
    if (started !== null && started.child.exitCode === null && started.child.signalCode === null) started.child.kill('SIGKILL');
    if (started !== null) await started.exited;
    started = null;
  });

  it('GET / answers; /read-safe is answered 500 by the error middleware and the process lives on', async () => {
    started = await startPlain(SERVER_JS);
    const home = await get(started.port, '/');
    assert.equal(home.status, 200);
    assert.equal(home.body, 'Again I go unnoticed\n');
    const safe = await get(started.port, '/read-safe');
    assert.equal(safe.status, 500);
    assert.match(safe.body, /only this request noticed/);
    assert.equal((await get(started.port, '/')).status, 200, 'still serving');
    assert.equal(started.child.exitCode, null);
    assert.match(started.stderr(), /handled: ENOENT/);
  });

  it('GET /read takes the whole process down: no answer, exit code 1, an unhandled error event, then connections are refused', async () => {
    started = await startPlain(SERVER_JS);
    const read = await get(started.port, '/read');
    assert.equal(read.status, null);
    assert.equal(read.error, 'ECONNRESET');
    assert.equal(await started.exited, 1);
    assert.match(started.stderr(), /Unhandled 'error' event/);
    assert.ok(started.stderr().includes(`ENOENT: no such file or directory, open '${DIST_DIR}/my-self-esteem.txt'`), started.stderr());
    assert.equal((await get(started.port, '/')).error, 'ECONNREFUSED');
  });

  it('the guarded server without naught-core: the guard logs the crash and exits 1 (nothing to hand over to)', async () => {
    started = await startPlain(GUARDED_SERVER_JS);
    const read = get(started.port, '/read', 1_500); // the drain waits for this connection until the client gives up
    assert.equal(await started.exited, 1);
    assert.notEqual((await read).status, 200);
    assert.match(started.stderr(), /ENOENT: no such file or directory/);
  });
});
