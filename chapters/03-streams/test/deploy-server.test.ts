import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fsp from 'node:fs/promises';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { freePort } from '../../shared/processes';
import { REPO_ROOT } from '../../shared/walkthrough';
import { CHAPTER_DIR } from './support';

interface Response {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function get(port: number, urlPath: string, headers: http.OutgoingHttpHeaders = {}): Promise<Response> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: urlPath, headers, agent: false }, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (chunk: Buffer) => parts.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

function numbers(last: number): string {
  let text = '';
  for (let i = 1; i <= last; i++) text += `${i}\n`;
  return text;
}

/** Starts deploy/server.js with plain node (no naught), with LAST replaced by `last`, in a temporary copy. */
async function startServer(dir: string, last: number): Promise<{ child: ChildProcess; port: number; output: () => string }> {
  const source = await fsp.readFile(path.join(CHAPTER_DIR, 'deploy', 'server.js'), 'utf8');
  assert.match(source, /^const LAST = 10;$/m);
  await fsp.writeFile(path.join(dir, 'server.js'), source.replace(/^const LAST = 10;$/m, `const LAST = ${last};`));
  const port = await freePort();
  const child = spawn(process.execPath, ['server.js'], {
    cwd: dir,
    env: { ...process.env, PORT: String(port), NODE_PATH: path.join(REPO_ROOT, 'node_modules'), NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitFor(() => output.includes('listening on port'), () => `server did not start:\n${output}`);
  return { child, port, output: () => output };
}

async function waitFor(condition: () => boolean, message: () => string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(message());
}

describe('03-streams / deploy/server.js streams the count', () => {
  let dir: string;
  let child: ChildProcess | null = null;
  beforeEach(async () => {
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'ch03-server-'));
  });
  afterEach(async () => {
    if (child !== null && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child?.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    child = null;
    await fsp.rm(dir, { recursive: true, force: true });
  });

  it('GET /count streams 1 to LAST, plain or gzipped; other paths are 404', async () => {
    const server = await startServer(dir, 50_000);
    child = server.child;
    const plain = await get(server.port, '/count');
    assert.equal(plain.status, 200);
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.headers['transfer-encoding'], 'chunked', 'streamed, not built in memory with a length');
    assert.equal(plain.body.toString(), numbers(50_000));

    const gzipped = await get(server.port, '/count', { 'Accept-Encoding': 'gzip, deflate' });
    assert.equal(gzipped.headers['content-encoding'], 'gzip');
    assert.equal(gzipped.headers.vary, 'Accept-Encoding');
    assert.ok(gzipped.body.length < plain.body.length / 2);
    assert.equal(gunzipSync(gzipped.body).toString(), numbers(50_000));

    assert.equal((await get(server.port, '/nothing')).status, 404);
  });

  it('stops counting when the client goes away (pipeline destroys the counter)', async () => {
    const last = 10_000_000;
    const server = await startServer(dir, last);
    child = server.child;
    await new Promise<void>((resolve, reject) => {
      const request = http.get({ host: '127.0.0.1', port: server.port, path: '/count', agent: false }, (res) => {
        res.once('data', () => {
          request.destroy(); // hang up after the first chunk
          resolve();
        });
      });
      request.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ECONNRESET') reject(error);
      });
    });
    await waitFor(() => /stopped after \d+ of/.test(server.output()), () => `no 'stopped' line:\n${server.output()}`);
    const [, stoppedAt] = /GET \/count stopped after (\d+) of 10000000 lines: ERR_STREAM_PREMATURE_CLOSE/.exec(server.output()) ?? [];
    assert.ok(stoppedAt !== undefined, server.output());
    assert.ok(Number(stoppedAt) < last / 2, `the counter went on to ${stoppedAt}`);
    assert.equal((await get(server.port, '/nothing')).status, 404, 'and the server still answers');
  });
});
