// The rpc layer against a server listening in the foreground (this process):
// the callback and promise forms, errors crossing the socket, stream methods
// with flow control, the greeting's checks.
import { strict as assert } from 'node:assert';
import { once } from 'node:events';
import * as fs from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  autod,
  AutodClient,
  AutodConnectionClosedError,
  AutodMissingMethodsError,
  AutodRemoteError,
  AutodServer,
  connectAutod,
  listenAutod,
  type CreateInterface,
  type MethodSpec,
} from '../../src/autod';
import { waitFor } from '../helpers/naught';
import { COUNTER, COUNTER_METHODS, useAutodSandbox, type CounterApi } from './support';

/** The fixture's factory from a fresh copy of the module: every test starts from a count of 0. */
function freshCounter(): CreateInterface {
  delete require.cache[COUNTER];
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the fixture is plain JavaScript, loaded here as the daemon would
  return require(COUNTER) as CreateInterface;
}

describe('auto-daemon: calls and streams (foreground server)', function () {
  this.timeout(20_000);
  const ctx = useAutodSandbox();
  const servers: AutodServer[] = [];
  const clients: AutodClient<CounterApi>[] = [];

  async function serve(options: { autoclose?: boolean; autocloseDelayMs?: number; args?: string[] } = {}): Promise<AutodServer> {
    const server = listenAutod(freshCounter(), { sockfile: ctx.sockfile, ...options });
    servers.push(server);
    await once(server, 'ready');
    return server;
  }

  async function connect(methods: ReadonlyArray<MethodSpec<CounterApi>> = COUNTER_METHODS): Promise<AutodClient<CounterApi>> {
    const client = await connectAutod<CounterApi>({ sockfile: ctx.sockfile, methods });
    clients.push(client);
    return client;
  }

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  it('answers in the promise form and in the callback form, sharing one state between clients', async () => {
    await serve();
    const a = await connect();
    const b = await connect();
    assert.equal(await a.rpc.add(2), 2);
    const viaCallback = await new Promise<number>((resolve, reject) => {
      b.rpc.add(3, (error, value) => (error === null ? resolve(value) : reject(error)));
    });
    assert.equal(viaCallback, 5);
    assert.equal(await b.rpc.get(), 5, 'an async method answers with what its promise resolves to');
    assert.equal(a.daemonPid, process.pid, 'the greeting names the serving process');
  });

  it('brings the daemon side errors over as AutodRemoteError: thrown, rejected, or passed to the callback', async () => {
    await serve();
    const client = await connect();
    const thrown = await client.rpc.add('x' as unknown as number).then(() => null, (error: unknown) => error);
    assert.ok(thrown instanceof AutodRemoteError);
    assert.equal(thrown.method, 'add');
    assert.equal(thrown.remoteName, 'TypeError');
    assert.equal(thrown.message, 'add failed in the auto-daemon: TypeError: add expects a number, not string');
    const rejected = await client.rpc.rejects().then(() => null, (error: unknown) => error);
    assert.ok(rejected instanceof AutodRemoteError);
    assert.equal(rejected.remoteName, 'RangeError');
    assert.equal(rejected.code, 'E_NOPE');
    assert.match(rejected.remoteStack ?? '', /autod-counter\.js/, 'the daemon stack comes along for debugging');
    const viaCallback = await new Promise<Error | null>((resolve) => client.rpc.replyError((error) => resolve(error)));
    assert.ok(viaCallback instanceof AutodRemoteError);
    assert.equal(viaCallback.message, 'replyError failed in the auto-daemon: Error: told by callback');
    const tooBig = await client.rpc.huge().then(() => null, (error: unknown) => error);
    assert.ok(tooBig instanceof AutodRemoteError);
    assert.equal(tooBig.remoteName, 'RangeError', 'an answer too big for one frame fails instead of breaking the connection');
    assert.equal(await client.rpc.add(1), 1, 'and the connection still works');
  });

  it('refuses at connect time a methods list naming what the interface does not have', async () => {
    await serve();
    await assert.rejects(connect(['add', 'nope', 'constructor', 'emit', 'tail:s'] as unknown as Array<MethodSpec<CounterApi>>), (error: unknown) => {
      assert.ok(error instanceof AutodMissingMethodsError);
      // constructor and emit are inherited from Object and EventEmitter: never callable remotely
      assert.deepEqual(error.missing, ['nope', 'constructor', 'emit']);
      return true;
    });
  });

  it('reports a failing interface factory to the client as a refusal', async () => {
    const server = listenAutod(
      () => {
        throw new Error('no interface for you');
      },
      { sockfile: ctx.sockfile },
    );
    servers.push(server);
    await once(server, 'ready');
    await assert.rejects(connect(['add']), (error: unknown) => error instanceof AutodRemoteError && error.method === '(interface)' && /no interface for you/.test(error.message));
  });

  it('passes `args` to the interface factory and counts each connection as a reference', async () => {
    await serve({ args: ['--flag', 'value'] });
    const a = await connect();
    const info = await a.rpc.info();
    assert.deepEqual(info.args, ['--flag', 'value']);
    assert.equal(info.refs, 1);
    const b = await connect();
    assert.equal((await b.rpc.info()).refs, 2);
  });

  it('rejects the calls in flight with AutodConnectionClosedError when the connection closes', async () => {
    await serve();
    const client = await connect();
    const slow = client.rpc.slow(5_000);
    const closed = once(client, 'close');
    client.close();
    await assert.rejects(slow, (error: unknown) => error instanceof AutodConnectionClosedError && error.method === 'slow');
    await closed;
    assert.equal(client.open, false);
    await assert.rejects(client.rpc.get(), AutodConnectionClosedError);
  });

  it('streams a readable in object mode', async () => {
    await serve();
    const client = await connect();
    const seen: unknown[] = [];
    for await (const value of client.rpc.numbers(5)) seen.push(value);
    assert.deepEqual(seen, [{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }, { n: 5 }]);
  });

  it('streams through a duplex: what the client writes comes back transformed', async () => {
    await serve();
    const client = await connect();
    const out: string[] = [];
    await pipeline(
      Readable.from(['hello ', 'auto-', 'daemon']),
      client.rpc.upper(),
      new Writable({
        objectMode: true,
        write(chunk: unknown, _encoding, done) {
          out.push(String(chunk));
          done();
        },
      }),
    );
    assert.equal(out.join(''), 'HELLO AUTO-DAEMON');
  });

  it('moves 8 MiB through a duplex intact, in frames of at most 1 MiB, with flow control both ways', async () => {
    await serve();
    const client = await connect();
    const payload = Buffer.alloc(8 * 1024 * 1024);
    for (let i = 0; i < payload.length; i += 1) payload[i] = (i * 7 + (i >> 11)) & 0xff;
    const received: Buffer[] = [];
    let pausedWrites = 0;
    const echo = client.rpc.echo();
    const sink = new Writable({
      objectMode: true,
      highWaterMark: 1,
      write(chunk: Buffer, _encoding, done) {
        received.push(chunk);
        setImmediate(done); // a slow reader, so the daemon has to be paused
      },
    });
    const source = Readable.from(
      (function* () {
        for (let i = 0; i < payload.length; i += 256 * 1024) yield payload.subarray(i, i + 256 * 1024);
      })(),
    );
    source.on('pause', () => (pausedWrites += 1));
    await pipeline(source, echo, sink);
    assert.ok(Buffer.concat(received).equals(payload), 'every byte arrives, in order');
    assert.ok(pausedWrites > 0, 'the writer was held back at least once');
  });

  it("ends the daemon's stream when the client destroys its end", async () => {
    await serve();
    const client = await connect();
    const endless = client.rpc.endless();
    let ticks = 0;
    for await (const _tick of endless) {
      ticks += 1;
      if (ticks === 3) break; // for await ... break destroys the stream
    }
    const tail: string[] = [];
    await waitFor(
      async () => {
        tail.length = 0;
        for await (const line of client.rpc.tail()) tail.push(String(line));
        return tail.includes('endless closed\n');
      },
      5_000,
      "the daemon's stream to be closed",
    );
  });

  it('passes a stream error on to the client, and a non-stream result of a stream method as an error', async () => {
    await serve();
    const client = await connect();
    const chunks: string[] = [];
    await assert.rejects(
      (async () => {
        for await (const chunk of client.rpc.failing()) chunks.push(String(chunk));
      })(),
      (error: unknown) => error instanceof AutodRemoteError && error.remoteName === 'Error' && /the source broke/.test(error.message),
    );
    assert.deepEqual(chunks, ['first\n']);
    const misdeclared = await connect(['get:s'] as unknown as Array<MethodSpec<CounterApi>>);
    const notAStream = (misdeclared.rpc as unknown as { get(): Readable }).get();
    await assert.rejects(once(notAStream, 'close').then(() => assert.fail('expected an error')), (error: unknown) => error instanceof AutodRemoteError && /did not return a stream/.test(error.message));
  });

  it("autoclose: closes once the refcount has stayed at 0 for the delay; an interface's 'ref' keeps it open", async () => {
    const server = await serve({ autoclose: true, autocloseDelayMs: 150 });
    const closed = once(server, 'close');
    const a = await connect();
    assert.equal(await a.rpc.hold(), 2, "connection + the interface's 'ref'");
    a.close();
    await once(a, 'close');
    await waitFor(() => server.refs === 1, 5_000, 'the connection to be uncounted');
    // held by the 'ref' alone: still serving well after the delay
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.equal(server.listening, true);
    const b = await connect();
    assert.equal(await b.rpc.release(), 1, 'the held reference is released; only b remains');
    b.close();
    await closed;
    assert.equal(server.listening, false);
    assert.equal(fs.existsSync(ctx.sockfile), false, 'the socket file is gone');
    assert.equal(fs.existsSync(`${ctx.sockfile}.pid`), false, 'the pid file is gone');
  });

  it('autod() with a foreground server already listening just connects: nothing is spawned', async () => {
    await serve();
    const start = autod<CounterApi>({ rpcfile: COUNTER, sockfile: ctx.sockfile, methods: ['add'] });
    let spawned = 0;
    start.on('process', () => (spawned += 1));
    const client = await start;
    clients.push(client);
    assert.equal(client.daemonPid, process.pid);
    assert.equal(await client.rpc.add(4), 4);
    assert.equal(spawned, 0);
  });

  it('a method can end its own session; close() from the interface ends every client', async () => {
    const server = await serve();
    const a = await connect();
    await a.rpc.endSession();
    await once(a, 'close');
    const b = await connect();
    const c = await connect();
    const closed = once(server, 'close');
    assert.equal(await b.rpc.close(), 'closing', 'the answer is delivered before the connection ends');
    await Promise.all([once(b, 'close'), once(c, 'close'), closed]);
  });
});
