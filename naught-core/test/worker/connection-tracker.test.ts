/**
 * The drain itself, one real socket at a time: a fixture server (plain node,
 * compiled library) forked with IPC, sent 'shutdown' the way the master does,
 * and raw keep-alive connections whose close the test observes.
 */
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { sleep, waitFor } from '../helpers/naught';
import { RawHttpConnection, assertLibraryBuilt, cleanUp, isWorkerEvent, startServer, type ForkedProcess } from './support';

const GRACE_MS = 1_500;
// Timers never fire early, but they count on a clock of milliseconds that
// Date.now() may see a hair differently.
const CLOCK_SLACK_MS = 50;

function requestSeen(proc: ForkedProcess, url: string): Promise<unknown> {
  return proc.waitForMessage((message) => isWorkerEvent(message, 'request') && message.url === url, `the fixture to receive ${url}`);
}

function shutdownSeen(proc: ForkedProcess): Promise<Record<string, unknown>> {
  return proc.waitForMessage((message) => isWorkerEvent(message, 'shutdown-seen'), 'the fixture to handle shutdown');
}

function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

describe('worker/connection-tracker', function () {
  before(assertLibraryBuilt);
  afterEach(cleanUp);

  describe('an idle keep-alive socket when shutdown comes', function () {
    it('is destroyed at once by plain server.close() on this Node (the problem)', async function () {
      const { proc, port } = await startServer({ WORKER_SHUTDOWN: 'plain-close' });
      const connection = await RawHttpConnection.open(port);
      const first = await connection.get('/');
      assert.equal(first.status, 200);
      assert.equal(first.headers.connection, 'keep-alive');

      proc.send('shutdown');
      await shutdownSeen(proc);
      // server.close() destroyed the socket synchronously, before the fixture
      // reported back: the FIN is on its way or here already.
      await waitFor(() => connection.isClosed, GRACE_MS, 'server.close() to close the idle socket');
      assert.ok(connection.endedByServer, 'the server closed it');
      assert.equal((await proc.waitForExit()).code, 0);
    });

    it('is kept by the drain until it has been idle for the grace period', async function () {
      const { proc, port } = await startServer({ WORKER_GRACE_MS: String(GRACE_MS) });
      const connection = await RawHttpConnection.open(port);
      const first = await connection.get('/');
      assert.equal(first.headers.connection, 'keep-alive');

      const shutdownAt = Date.now();
      proc.send('shutdown');
      const seen = await shutdownSeen(proc);
      assert.equal(seen.draining, true);
      assert.equal(seen.listening, false, 'the listener is closed at once');
      assert.equal(seen.openConnections, 1);
      // The point at which plain server.close() had already destroyed it.
      assert.equal(connection.isClosed, false, 'the idle socket survives the start of the drain');

      await connection.closed;
      assert.ok(connection.endedByServer);
      assert.equal(connection.error, null, 'closed with a FIN, not a reset');
      assert.ok((connection.closedAt as number) - shutdownAt >= GRACE_MS - CLOCK_SLACK_MS, `closed only after the grace (${(connection.closedAt as number) - shutdownAt} ms)`);
      assert.equal((await proc.waitForExit()).code, 0);
    });
  });

  it('counts the grace from the drain\'s start for a socket idle since long before', async function () {
    const graceMs = 500;
    const { proc, port } = await startServer({ WORKER_GRACE_MS: String(graceMs) });
    const connection = await RawHttpConnection.open(port);
    await connection.get('/');
    await sleep(graceMs + 300);

    proc.send('shutdown');
    await shutdownSeen(proc);
    const late = await connection.get('/');
    assert.equal(late.headers.connection, 'close');
    assert.equal((await proc.waitForExit()).code, 0);
  });

  it('does not close a socket on which a request is arriving when the grace ends', async function () {
    const graceMs = 1_000;
    const { proc, port } = await startServer({ WORKER_GRACE_MS: String(graceMs) });
    const connection = await RawHttpConnection.open(port);
    await connection.get('/');

    proc.send('shutdown');
    await shutdownSeen(proc);
    // Half a request inside the grace, the rest after it would have ended.
    connection.socket.write('GET /?slowly HTTP/1.1\r\nHo');
    await sleep(graceMs + 300);
    assert.equal(connection.isClosed, false);
    connection.socket.write('st: 127.0.0.1\r\n\r\n');
    const response = await connection.nextResponse();
    assert.equal(response.body, 'ok');
    assert.equal(response.headers.connection, 'close');
    assert.equal((await proc.waitForExit()).code, 0);
  });

  it('answers a request in flight in full, with Connection: close, then closes the socket', async function () {
    const { proc, port } = await startServer();
    const connection = await RawHttpConnection.open(port);
    assert.equal((await connection.get('/')).headers.connection, 'keep-alive');
    connection.send('/slow?ms=300');
    await requestSeen(proc, '/slow?ms=300');

    proc.send('shutdown');
    const response = await connection.nextResponse();
    assert.equal(response.status, 200);
    assert.equal(response.body, 'slow 300');
    assert.equal(response.headers.connection, 'close');
    await connection.closed;
    assert.ok(connection.endedByServer);
    assert.equal((await proc.waitForExit()).code, 0);
  });

  it('answers a request sent on an idle socket during the grace, with Connection: close', async function () {
    const { proc, port } = await startServer({ WORKER_GRACE_MS: '5000' });
    const connection = await RawHttpConnection.open(port);
    assert.equal((await connection.get('/')).headers.connection, 'keep-alive');

    proc.send('shutdown');
    await shutdownSeen(proc);
    assert.ok(await connectionRefused(port), 'new connections are refused while draining');
    const late = await connection.get('/');
    assert.equal(late.status, 200);
    assert.equal(late.body, 'ok');
    assert.equal(late.headers.connection, 'close');
    // Node closes the socket after that response; the drain is then complete.
    await connection.closed;
    assert.ok(connection.endedByServer);
    assert.equal((await proc.waitForExit()).code, 0);
  });

  it('puts Connection: close on the last of pipelined requests only, and answers them all', async function () {
    const { proc, port } = await startServer();
    const connection = await RawHttpConnection.open(port);
    // Both unanswered when shutdown comes (Node reads the second one at once).
    connection.send('/slow?ms=300');
    connection.send('/slow?ms=400');
    await requestSeen(proc, '/slow?ms=300');
    await requestSeen(proc, '/slow?ms=400');

    proc.send('shutdown');
    const first = await connection.nextResponse();
    const second = await connection.nextResponse();
    assert.equal(first.body, 'slow 300');
    assert.equal(first.headers.connection, 'keep-alive', 'Node would drop the queued response after a closing one');
    assert.equal(second.body, 'slow 400');
    assert.equal(second.headers.connection, 'close');
    await connection.closed;
    assert.equal((await proc.waitForExit()).code, 0);
  });

  it('counts the open connections from installation and reports draining', async function () {
    const { proc, port } = await startServer({ WORKER_GRACE_MS: '200' });
    const stats = async (): Promise<Record<string, unknown>> => {
      const before = proc.messages.length;
      proc.send({ cmd: 'stats' });
      await waitFor(() => proc.messages.slice(before).some((message) => isWorkerEvent(message, 'stats')), 5_000, 'stats');
      return proc.messages.slice(before).find((message) => isWorkerEvent(message, 'stats')) as Record<string, unknown>;
    };
    assert.deepEqual(await stats(), { event: 'stats', pid: proc.pid, worker: 'solo', draining: false, openConnections: 0 });
    const a = await RawHttpConnection.open(port);
    const b = await RawHttpConnection.open(port);
    await a.get('/');
    await b.get('/');
    assert.equal((await stats()).openConnections, 2);
    b.destroy();
    await waitFor(async () => (await stats()).openConnections === 1, 5_000, 'the closed connection to be forgotten');

    proc.send('shutdown');
    const seen = await shutdownSeen(proc);
    assert.equal(seen.draining, true);
    assert.equal(seen.openConnections, 1);
    await a.closed;
    assert.equal((await proc.waitForExit()).code, 0);
  });

  it('destroys a stuck connection at the hard timeout, then exits', async function () {
    const timeoutMs = 800;
    const { proc, port } = await startServer({ WORKER_TIMEOUT_MS: String(timeoutMs) });
    const connection = await RawHttpConnection.open(port);
    connection.send('/stuck');
    await requestSeen(proc, '/stuck');

    const shutdownAt = Date.now();
    proc.send('shutdown');
    await assert.rejects(connection.nextResponse(10_000), /closed before the response/);
    assert.ok((connection.closedAt as number) - shutdownAt >= timeoutMs - CLOCK_SLACK_MS, 'not before the hard timeout');
    assert.equal((await proc.waitForExit()).code, 0);
  });

  it('keeps idle sockets when server.close() is called again during the drain', async function () {
    const { proc, port } = await startServer({ WORKER_SHUTDOWN: 'drain-then-close', WORKER_GRACE_MS: '5000' });
    const connection = await RawHttpConnection.open(port);
    assert.equal((await connection.get('/')).headers.connection, 'keep-alive');

    proc.send('shutdown');
    await proc.waitForMessage((message) => isWorkerEvent(message, 'server-close-called'), 'the fixture to call server.close()');
    await shutdownSeen(proc);
    assert.equal(connection.isClosed, false, 'Node\'s closeIdleConnections did not run');
    const late = await connection.get('/');
    assert.equal(late.headers.connection, 'close');
    await connection.closed;
    assert.equal((await proc.waitForExit()).code, 0);
  });
});
