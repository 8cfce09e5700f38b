// autod() spawning real daemons: the first call starts one, later calls share
// it; the pid file; the options that shape the daemon (args, cwd, env,
// execPath, exit, autoclose); start failures as typed errors; readiness over
// the child's IPC channel, not a signal.
import { strict as assert } from 'node:assert';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { autod, AutodClient, AutodStartError, type AutodOptions } from '../../src/autod';
import { FIXTURES, isAlive, waitFor } from '../helpers/naught';
import { COUNTER, COUNTER_METHODS, TSX_EXEC_ARGV, daemonsFor, readPid, useAutodSandbox, waitForExit, type CounterApi } from './support';

describe('auto-daemon: spawning the daemon', function () {
  this.timeout(30_000);
  const ctx = useAutodSandbox();
  const clients: AutodClient<CounterApi>[] = [];

  function options(extra: Partial<AutodOptions<CounterApi>> = {}): AutodOptions<CounterApi> {
    return { rpcfile: COUNTER, sockfile: ctx.sockfile, methods: COUNTER_METHODS, cwd: ctx.sandbox.dir, execArgv: TSX_EXEC_ARGV, ...extra };
  }

  /** autod() that remembers every process it spawns (for the cleanup) and every client (closed after the test). */
  async function start(extra: Partial<AutodOptions<CounterApi>> = {}): Promise<{ client: AutodClient<CounterApi>; spawned: ChildProcess[] }> {
    const spawned: ChildProcess[] = [];
    const pending = autod<CounterApi>(options(extra));
    pending.on('process', (child) => {
      spawned.push(child);
      ctx.track(child.pid);
    });
    const client = await pending;
    clients.push(client);
    ctx.track(client.daemonPid);
    return { client, spawned };
  }

  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  it('spawns a daemon on first use, writes its pid file, and shares it with the next client', async () => {
    const first = await start();
    assert.equal(first.spawned.length, 1, "one 'process' event");
    const daemon = first.client.daemonPid;
    assert.equal(first.spawned[0]?.pid, daemon, 'the spawned process is the daemon that greets');
    assert.notEqual(daemon, process.pid);
    assert.equal(readPid(`${ctx.sockfile}.pid`), daemon, 'the default pid file is <sockfile>.pid');
    assert.equal(fs.statSync(ctx.sockfile).mode & 0o777, 0o600, 'only the owner may connect');
    assert.equal(await first.client.rpc.add(2), 2);

    const second = await start();
    assert.equal(second.spawned.length, 0, 'a running daemon is reused');
    assert.equal(second.client.daemonPid, daemon);
    assert.equal(await second.client.rpc.add(3), 5, 'the state lives in the daemon');
    assert.deepEqual(daemonsFor(ctx.sockfile), [daemon]);

    assert.equal(await second.client.rpc.close(), 'closing');
    await waitForExit(daemon, 'the daemon to exit after close()');
    assert.equal(fs.existsSync(ctx.sockfile), false);
    assert.equal(fs.existsSync(`${ctx.sockfile}.pid`), false);
  });

  it('the callback form gets (null, rpc, connection)', async () => {
    const { rpc, connection } = await new Promise<{ rpc: AutodClient<CounterApi>['rpc']; connection: unknown }>((resolve, reject) => {
      autod<CounterApi>(options(), (error, rpc, connection, client) => {
        if (client !== undefined) {
          clients.push(client);
          ctx.track(client.daemonPid);
        }
        if (error !== null || rpc === undefined) reject(error ?? new Error('no rpc'));
        else resolve({ rpc, connection });
      }).on('process', (child: ChildProcess) => ctx.track(child.pid));
    });
    assert.equal(await rpc.add(7), 7);
    assert.ok(connection !== null && typeof connection === 'object' && 'write' in connection, 'the connection is the unix socket');
    await rpc.close();
  });

  it('gives the daemon `args`, `cwd`, `env` and `execPath`; readiness needs no signal', async () => {
    const home = path.join(ctx.sandbox.dir, 'home');
    fs.mkdirSync(home);
    // A wrapper as execPath: it marks the environment, then runs node with the daemon's arguments.
    const wrapper = ctx.sandbox.path('node-wrapper.sh');
    fs.writeFileSync(wrapper, `#!/bin/sh\nAUTOD_TEST_WRAPPED=yes exec ${JSON.stringify(process.execPath)} "$@"\n`, { mode: 0o755 });
    const signalListeners = process.listenerCount('SIGUSR2');
    const { client } = await start({ args: ['--one', 'two words'], cwd: home, env: { ...process.env, AUTOD_TEST_MARKER: 'from env' }, execPath: wrapper });
    assert.equal(process.listenerCount('SIGUSR2'), signalListeners, 'no SIGUSR2 handler was installed');
    const info = await client.rpc.info();
    assert.deepEqual(info.args, ['--one', 'two words'], 'args arrive intact, spaces included');
    assert.equal(info.cwd, home);
    assert.equal(info.marker, 'from env');
    assert.equal(info.wrapped, 'yes', 'the daemon ran through execPath');
    assert.deepEqual(info.execArgv, TSX_EXEC_ARGV, 'execArgv reaches the daemon');
    await client.rpc.close();
  });

  it("sends the daemon's stdout and stderr to /dev/null unless `debug` is set", async () => {
    const { client } = await start();
    const daemon = client.daemonPid;
    assert.equal(fs.readlinkSync(`/proc/${daemon}/fd/1`), '/dev/null');
    assert.equal(fs.readlinkSync(`/proc/${daemon}/fd/2`), '/dev/null');
    await client.rpc.close();
  });

  it('autoclose: the daemon exits once its last client has gone, and removes its socket and pid file', async () => {
    const a = await start({ autoclose: true, autocloseDelayMs: 200 });
    const b = await start({ autoclose: true, autocloseDelayMs: 200 });
    const daemon = a.client.daemonPid;
    assert.equal(b.client.daemonPid, daemon);
    assert.equal((await b.client.rpc.info()).refs, 2);
    a.client.close();
    await once(a.client, 'close');
    assert.equal(await b.client.rpc.add(1), 1, 'one client left: still serving');
    assert.ok(isAlive(daemon));
    b.client.close();
    await waitForExit(daemon, 'the daemon to autoclose');
    assert.equal(fs.existsSync(ctx.sockfile), false);
    assert.equal(fs.existsSync(`${ctx.sockfile}.pid`), false);
  });

  it('exit: false is false (the original read "--exit false" as the truthy string "false")', async () => {
    // The interface leaves a timer running; only process.exit() ends such a daemon after autoclose.
    const keeps = await start({ autoclose: true, autocloseDelayMs: 100, exit: false, args: ['--keep-timer'] });
    const lingering = keeps.client.daemonPid;
    keeps.client.close();
    await waitFor(() => !fs.existsSync(ctx.sockfile), 10_000, 'the autoclose to remove the socket');
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.ok(isAlive(lingering), 'with exit: false the daemon closed its server but was not forced to exit');
    process.kill(lingering, 'SIGKILL');
    await waitForExit(lingering, 'the lingering daemon to die');

    const exits = await start({ autoclose: true, autocloseDelayMs: 100, exit: true, args: ['--keep-timer'] });
    const forced = exits.client.daemonPid;
    assert.notEqual(forced, lingering, 'a new daemon: the closed one released the socket and its start lock');
    exits.client.close();
    await waitForExit(forced, 'the daemon to be made to exit');
  });

  it('reports a broken interface module as AutodStartError("interface-failed") and leaves nothing behind', async () => {
    const spawned: ChildProcess[] = [];
    const pending = autod(options({ rpcfile: path.join(FIXTURES, 'autod-broken.js') }) as unknown as AutodOptions);
    pending.on('process', (child) => {
      spawned.push(child);
      ctx.track(child.pid);
    });
    await assert.rejects(pending.client, (error: unknown) => {
      assert.ok(error instanceof AutodStartError);
      assert.equal(error.reason, 'interface-failed');
      assert.match(error.message, /the interface module is broken/);
      return true;
    });
    assert.equal(spawned.length, 1);
    await waitForExit(spawned[0]?.pid as number, 'the failed daemon to exit');
    assert.equal(fs.existsSync(ctx.sockfile), false);

    await assert.rejects(
      autod(options({ rpcfile: path.join(FIXTURES, 'autod-no-function.js') }) as unknown as AutodOptions).on('process', (child: ChildProcess) => ctx.track(child.pid)).client,
      (error: unknown) => error instanceof AutodStartError && error.reason === 'interface-failed' && /must export a function/.test(error.message),
    );
  });

  it('reports a daemon that dies before it reports as AutodStartError("exited") with its exit code', async () => {
    const pending = autod(options({ execArgv: ['--no-such-node-option'] }));
    pending.on('process', (child) => ctx.track(child.pid));
    await assert.rejects(pending.client, (error: unknown) => {
      assert.ok(error instanceof AutodStartError);
      assert.equal(error.reason, 'exited');
      assert.equal(error.exitCode, 9, "node's exit code for an invalid option");
      assert.match(error.message, /set debug: true to see its output/);
      return true;
    });
  });

  it('refuses to replace something that is not a socket', async () => {
    fs.writeFileSync(ctx.sockfile, 'precious data');
    const pending = autod(options());
    pending.on('process', (child) => ctx.track(child.pid));
    await assert.rejects(pending.client, (error: unknown) => error instanceof AutodStartError && error.reason === 'socket-occupied');
    assert.equal(fs.readFileSync(ctx.sockfile, 'utf8'), 'precious data');
  });
});
