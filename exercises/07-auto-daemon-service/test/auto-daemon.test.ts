import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { subjectPath } from '../../shared/subject';
import { daemonsServing, describeRun, exits, killDaemons, readPid, runKv, type KvRun } from './support';

const EXERCISE_DIR = path.resolve(__dirname, '..');

describe('exercise 07: a key-value store as an auto-daemon (service.ts, client.ts)', function () {
  this.timeout(60_000);
  let clientFile = '';
  let directory = '';
  let sockfile = '';
  let pidfile = '';

  before(() => {
    clientFile = subjectPath(EXERCISE_DIR, 'client.ts');
    subjectPath(EXERCISE_DIR, 'service.ts'); // it must be there, next to client.ts
  });

  beforeEach(() => {
    // A fresh, short directory per check: a unix socket path has at most 107 bytes.
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'ex07-'));
    sockfile = path.join(directory, 'kv.sock');
    pidfile = `${sockfile}.pid`;
  });

  afterEach(async () => {
    await killDaemons(sockfile);
    fs.rmSync(directory, { recursive: true, force: true });
  });

  /** `kv ARGS` as a real process, on this check's socket. */
  function kv(args: string[], env: NodeJS.ProcessEnv = {}): Promise<KvRun> {
    return runKv(clientFile, args, { KV_SOCKFILE: sockfile, ...env });
  }

  /** Runs `kv ARGS` and asserts it succeeded; returns what it printed on stdout, trimmed. */
  async function kvOk(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
    const run = await kv(args, env);
    assert.equal(run.code, 0, `expected \`kv ${args.join(' ')}\` to exit 0, but ${describeRun(run)}`);
    return run.stdout.trim();
  }

  /** The one daemon serving the socket, checked against the pid file it wrote. */
  async function theDaemon(): Promise<number> {
    // Daemons that lost a start race report it to their client and exit: give one a moment to be gone.
    let daemons = daemonsServing(sockfile);
    for (const deadline = Date.now() + 3_000; daemons.length > 1 && Date.now() < deadline; daemons = daemonsServing(sockfile)) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(daemons.length, 1, `expected exactly one daemon serving ${sockfile}, found ${daemons.length}${daemons.length > 0 ? `: pids ${daemons.join(', ')}` : ''}`);
    assert.equal(readPid(pidfile), daemons[0], `the pid file ${pidfile} should name the daemon, pid ${daemons[0]}`);
    return daemons[0] as number;
  }

  it('four `kv set` processes started at once on a fresh socket all succeed, served by one single daemon', async () => {
    const runs = await Promise.all([1, 2, 3, 4].map((n) => kv(['set', `k${n}`, `v${n}`])));
    for (const run of runs) assert.equal(run.code, 0, `expected each of the four \`kv set\` to exit 0, but ${describeRun(run)}`);
    const printed = runs.map((run) => run.stdout.trim()).sort();
    assert.deepEqual(printed, ['1', '2', '3', '4'], `four sets of four different keys into one store should print 1 to 4 (in some order), got ${printed.join(', ')}`);
    await theDaemon();
  });

  it('a client process started later reads what earlier ones stored: the data lives in the daemon', async () => {
    assert.equal(await kvOk(['set', 'colour', 'green']), '1');
    const daemon = await theDaemon();
    assert.equal(await kvOk(['set', 'shape', 'round']), '2', 'the second set should find the first key there');
    assert.equal(await kvOk(['get', 'colour']), 'green', '`kv get colour` should print what `kv set colour green` stored');
    const info = JSON.parse(await kvOk(['info'])) as { pid: number; keys: number; clients: number };
    assert.deepEqual(info, { pid: daemon, keys: 2, clients: 1 }, '`kv info` should print the daemon pid, 2 keys, and 1 client (itself: the earlier ones have disconnected)');
    assert.deepEqual(daemonsServing(sockfile), [daemon], 'the same daemon served every command');
  });

  it('`kv get` of a key nobody stored exits 1 and says so on stderr', async () => {
    const run = await kv(['get', 'nothing-here']);
    assert.equal(run.code, 1, `expected exit code 1, but ${describeRun(run)}`);
    assert.equal(run.stdout, '', 'nothing on stdout');
    assert.match(run.stderr, /no value for nothing-here/, `expected "kv: no value for nothing-here" on stderr, but ${describeRun(run)}`);
  });

  it('`kv stop` ends the daemon: it exits, removes its socket and pid file, and the next client starts an empty store', async () => {
    await kvOk(['set', 'a', '1']);
    const daemon = await theDaemon();
    const stop = await kv(['stop']);
    assert.deepEqual([stop.code, stop.stdout, stop.stderr], [0, '', ''], `\`kv stop\` should exit 0 and print nothing, but ${describeRun(stop)}`);
    assert.ok(await exits(daemon, 10_000), `the daemon (pid ${daemon}) was still running 10 s after \`kv stop\``);
    assert.equal(fs.existsSync(sockfile), false, 'the daemon should remove its socket when it stops');
    assert.equal(fs.existsSync(pidfile), false, 'the daemon should remove its pid file when it stops');
    const after = await kv(['get', 'a']);
    assert.equal(after.code, 1, `a new daemon starts with an empty store, so \`kv get a\` should exit 1, but ${describeRun(after)}`);
    assert.notEqual(await theDaemon(), daemon, 'a new daemon serves the new client');
  });

  it('`kv stop` with no daemon running says so, and starts none', async () => {
    const stop = await kv(['stop']);
    assert.deepEqual([stop.code, stop.stdout], [0, 'no kv daemon is running\n'], `expected exit 0 and "no kv daemon is running", but ${describeRun(stop)}`);
    assert.deepEqual(daemonsServing(sockfile), [], '`kv stop` must not spawn a daemon');
    assert.equal(fs.existsSync(sockfile), false, 'and so there is no socket');
  });

  it('the daemon ends by itself once no client has been connected for KV_IDLE_MS', async () => {
    const idle = { KV_IDLE_MS: '1000' };
    await kvOk(['set', 'a', '1'], idle);
    const daemon = await theDaemon();
    assert.ok(await exits(daemon, 15_000), `with KV_IDLE_MS=1000, the daemon (pid ${daemon}) should exit about a second after \`kv set\` disconnected; it was still running 15 s later (autoclose?)`);
    assert.equal(fs.existsSync(sockfile), false, 'a daemon that closes by itself removes its socket');
    assert.equal(fs.existsSync(pidfile), false, 'and its pid file');
  });
});
