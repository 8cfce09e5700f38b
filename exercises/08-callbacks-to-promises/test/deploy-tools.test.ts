import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { loadSubject, subjectPath, REPO_ROOT } from '../../shared/subject';
import { describeOutcome, legacy, legacyOutcome, portedOutcome, type Outcome } from './outcomes';

const EXERCISE_DIR = path.resolve(__dirname, '..');
const USES_DEPLOY_TOOLS = path.join(__dirname, 'fixtures', 'uses-deploy-tools.ts');

type DeployTools = typeof import('../deploy-tools');

/** Asserts that the port behaves as the 2012 version did on the same call. */
function assertSame<T>(ported: Outcome<T>, original: Outcome<T>, call: string): void {
  assert.deepEqual(ported, original, `${call}: the 2012 version ${describeOutcome(original)}, yours ${describeOutcome(ported)}`);
}

/** A free port on 127.0.0.1 that nothing listens on (a moment ago, at least). */
async function unusedPort(): Promise<number> {
  const probe = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => probe.once('listening', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('exercise 08: deploy-tools, from callbacks to promises (deploy-tools.ts)', function () {
  this.timeout(20_000);
  let tools: DeployTools;
  let dir = '';

  before(() => {
    tools = loadSubject<DeployTools>(EXERCISE_DIR, 'deploy-tools.ts');
  });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ex08-'));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('every function returns a promise instead of taking a callback', async () => {
    for (const [name, call] of [
      ['readManifest', () => tools.readManifest(dir)],
      ['archive', () => tools.archive(path.join(dir, 'missing'))],
      ['run', () => tools.run(process.execPath, ['-e', ''])],
      ['waitForPort', () => tools.waitForPort(1, 100)],
    ] as const) {
      let returned: unknown;
      try {
        returned = call();
      } catch (error) {
        assert.fail(`${name}() threw at once instead of returning a promise: ${String(error)}`);
      }
      assert.ok(returned instanceof Promise, `${name}() should return a promise, but returned ${String(returned)}`);
      await returned.catch(() => undefined); // only the promise matters here
    }
  });

  it('readManifest(dir) resolves to { name, version } of dir/package.json', async () => {
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'myapp', version: '1.2.3', description: 'not wanted' }));
    const original = await legacyOutcome<unknown>((callback) => legacy.readManifest(dir, callback));
    assert.deepEqual(original, { resolved: { name: 'myapp', version: '1.2.3' } }, 'the 2012 version itself');
    assertSame(await portedOutcome(() => tools.readManifest(dir)), original, 'readManifest(dir)');
  });

  it('readManifest rejects with the same ENOENT error when there is no package.json', async () => {
    const original = await legacyOutcome<unknown>((callback) => legacy.readManifest(dir, callback));
    assert.ok('rejected' in original && original.rejected.code === 'ENOENT');
    assertSame(await portedOutcome(() => tools.readManifest(dir)), original, 'readManifest(dir without package.json)');
  });

  it('readManifest rejects with the same EMANIFEST errors for invalid JSON, null, and a missing version', async () => {
    for (const content of ['{ "name": "myapp", ', 'null', '{ "name": "myapp" }', '{ "name": "myapp", "version": 2 }']) {
      fs.writeFileSync(path.join(dir, 'package.json'), content);
      const original = await legacyOutcome<unknown>((callback) => legacy.readManifest(dir, callback));
      assert.ok('rejected' in original && original.rejected.code === 'EMANIFEST');
      assertSame(await portedOutcome(() => tools.readManifest(dir)), original, `readManifest() of a package.json holding ${content}`);
    }
  });

  it('archive(file) writes file.gz, which gunzips to the original, and resolves to the same { path, bytes }', async () => {
    const content = Array.from({ length: 2000 }, (_, i) => `line ${i}: the same release, archived\n`).join('');
    fs.mkdirSync(path.join(dir, 'then'));
    fs.mkdirSync(path.join(dir, 'now'));
    fs.writeFileSync(path.join(dir, 'then', 'release.txt'), content);
    fs.writeFileSync(path.join(dir, 'now', 'release.txt'), content);
    const original = await legacyOutcome<unknown>((callback) => legacy.archive(path.join(dir, 'then', 'release.txt'), callback));
    const file = path.join(dir, 'now', 'release.txt');
    const ported = await portedOutcome(() => tools.archive(file));
    assert.ok('resolved' in ported, `archive(file) ${describeOutcome(ported)}`);
    const expected = { path: `${file}.gz`, bytes: (original as { resolved: { bytes: number } }).resolved.bytes };
    assert.deepEqual(ported.resolved, expected, `archive(file) should resolve to ${JSON.stringify(expected)}, as the 2012 version does`);
    assert.ok(fs.existsSync(`${file}.gz`), `archive(file) should write ${file}.gz`);
    const written = fs.readFileSync(`${file}.gz`);
    assert.equal(written.length, expected.bytes, 'bytes is the size of the .gz file');
    assert.equal(zlib.gunzipSync(written).toString(), content, 'the .gz file gunzips to the original');
  });

  it('archive rejects with the same ENOENT error for a file that does not exist', async () => {
    const file = path.join(dir, 'missing.txt');
    const original = await legacyOutcome<unknown>((callback) => legacy.archive(file, callback));
    assertSame(await portedOutcome(() => tools.archive(file)), original, 'archive(missing file)');
    assert.equal(fs.existsSync(`${file}.gz`), false, 'and writes nothing');
  });

  it('run(command, args) resolves to what the program printed on stdout', async () => {
    const args = ['-e', "process.stdout.write('line 1\\n'); setTimeout(() => console.log('line 2'), 50)"];
    const original = await legacyOutcome<unknown>((callback) => legacy.run(process.execPath, args, callback));
    assert.deepEqual(original, { resolved: 'line 1\nline 2\n' }, 'the 2012 version itself');
    assertSame(await portedOutcome(() => tools.run(process.execPath, args)), original, 'run(node, a script printing two lines)');
  });

  it('run rejects with an EEXIT error (message, exitCode, stdout) when the program exits with another code than 0', async () => {
    const args = ['-e', "console.log('half done'); process.exitCode = 3"];
    const original = await legacyOutcome<unknown>((callback) => legacy.run(process.execPath, args, callback));
    assert.ok('rejected' in original && original.rejected.code === 'EEXIT' && original.rejected.exitCode === 3);
    assertSame(await portedOutcome(() => tools.run(process.execPath, args)), original, 'run(node, a script exiting with code 3)');
  });

  it('run rejects with the ENOENT error of spawn for a program that does not exist', async () => {
    const program = path.join(dir, 'no-such-program');
    const original = await legacyOutcome<unknown>((callback) => legacy.run(program, [], callback));
    assert.ok('rejected' in original && original.rejected.code === 'ENOENT');
    assertSame(await portedOutcome(() => tools.run(program, [])), original, 'run(a program that does not exist)');
  });

  it('waitForPort(port, timeoutMs) resolves once a server listens, even one that starts late', async () => {
    const port = await unusedPort();
    const server = http.createServer((_req, res) => res.end());
    const late = setTimeout(() => server.listen(port, '127.0.0.1'), 300);
    try {
      const ported = await portedOutcome(() => tools.waitForPort(port, 10_000));
      assert.deepEqual(ported, { resolved: undefined }, `waitForPort() of a server that starts listening after 300 ms ${describeOutcome(ported)}`);
      assert.ok(server.listening, 'waitForPort() resolved before anything listened on the port');
    } finally {
      clearTimeout(late);
      await new Promise((resolve) => (server.listening ? server.close(resolve) : resolve(undefined)));
    }
  });

  it('waitForPort rejects with the same ETIMEDOUT error when nothing listens, and not before timeoutMs', async () => {
    const port = await unusedPort();
    const original = await legacyOutcome<unknown>((callback) => legacy.waitForPort(port, 300, callback));
    const started = Date.now();
    const ported = await portedOutcome(() => tools.waitForPort(port, 300));
    const waited = Date.now() - started;
    assertSame(ported, original, 'waitForPort(a port nobody listens on, 300)');
    assert.ok(waited >= 280, `it gave up after ${waited} ms: it should keep trying for the whole 300 ms`);
  });

  it('a program that uses it ends by itself: nothing (a timer, a socket) is left behind', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', USES_DEPLOY_TOOLS, subjectPath(EXERCISE_DIR, 'deploy-tools.ts')], {
      cwd: REPO_ROOT,
      env: { ...process.env, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    let timer: NodeJS.Timeout | undefined;
    const exit = await Promise.race([
      new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code))),
      new Promise<'still running'>((resolve) => (timer = setTimeout(() => resolve('still running'), 15_000))),
    ]);
    clearTimeout(timer);
    if (exit === 'still running' && child.pid !== undefined) {
      process.kill(child.pid, 'SIGKILL');
      await new Promise((resolve) => child.once('close', resolve));
    }
    assert.notEqual(exit, 'still running', `test/fixtures/uses-deploy-tools.ts (waitForPort with a 60 s deadline that a server meets at once, then run) was still running 15 s later: something your module started keeps the event loop alive. It printed:\n${output}`);
    assert.equal(exit, 0, `test/fixtures/uses-deploy-tools.ts failed (exit code ${exit}):\n${output}`);
  });

  it('is a port, not a wrapper: it does not load the 2012 module', () => {
    const source = fs.readFileSync(subjectPath(EXERCISE_DIR, 'deploy-tools.ts'), 'utf8');
    // Comments may name it; a require(), import or `from` may not.
    const code = source.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '');
    assert.doesNotMatch(code, /deploy-tools-2012/, 'deploy-tools.ts should not require or import the 2012 module: rewrite each function with promises');
  });
});
