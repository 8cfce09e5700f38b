/**
 * handleShutdown end to end: a deploy under real keep-alive load through a
 * naught-like cluster master, exit codes, beforeExit, SIGTERM.
 */
import * as assert from 'node:assert/strict';
import type { EventEmitter } from 'node:events';
import type * as net from 'node:net';
import autocannon from 'autocannon';
import { waitFor } from '../helpers/naught';
import { ClusterPrimary, RawHttpConnection, assertLibraryBuilt, cleanUp, isWorkerEvent, startServer } from './support';

/** What one of autocannon's TCP connections lived through, seen from the client side. */
interface ConnectionRecord {
  /** X-Worker of the responses on it. */
  worker: string | null;
  sent: number;
  received: number;
  /** The Connection header of the last response. */
  lastConnectionHeader: string | null;
  /** Requests unanswered right after the last response arrived. */
  unansweredAtLastResponse: number;
  endedByServer: boolean;
  error: string | null;
}

/** autocannon's parser hands over headers as a flat [name, value, ...] list. */
function header(flat: string[], name: string): string | null {
  for (let i = 0; i + 1 < flat.length; i += 2) {
    if (flat[i].toLowerCase() === name) return flat[i + 1];
  }
  return null;
}

/**
 * Records every connection autocannon opens, by intercepting the client's
 * `conn` property (autocannon replaces it on each reconnect). autocannon
 * itself reconnects silently when the server closes a connection, so a
 * request lost that way would not show in its error counts: these records
 * are what can tell.
 */
function instrument(records: ConnectionRecord[]): (client: autocannon.Client) => void {
  return (client) => {
    let conn: net.Socket | undefined;
    let current: ConnectionRecord | undefined;
    Object.defineProperty(client, 'conn', {
      configurable: true,
      enumerable: true,
      get: () => conn,
      set: (socket: net.Socket) => {
        conn = socket;
        const record: ConnectionRecord = { worker: null, sent: 0, received: 0, lastConnectionHeader: null, unansweredAtLastResponse: 0, endedByServer: false, error: null };
        current = record;
        records.push(record);
        socket.on('end', () => (record.endedByServer = true));
        socket.on('error', (error: NodeJS.ErrnoException) => (record.error = error.code ?? error.message));
      },
    });
    // Its typings know neither 'request' nor the real shape of 'headers'.
    const events: EventEmitter = client;
    // Emitted just before the request is written on the current connection.
    events.on('request', () => {
      if (current) current.sent++;
    });
    events.on('headers', (response: { headers: string[] }) => {
      if (!current) return;
      current.received++;
      current.worker = header(response.headers, 'x-worker');
      current.lastConnectionHeader = header(response.headers, 'connection');
      current.unansweredAtLastResponse = current.sent - current.received;
    });
  };
}

describe('worker/shutdown', function () {
  before(assertLibraryBuilt);
  afterEach(cleanUp);

  it('loses no request of 20 keep-alive connections when a new worker takes over', async function () {
    const primary = await ClusterPrimary.start();
    const { port } = await primary.forkWorker(0, { WORKER_GRACE_MS: '1000' });
    const records: ConnectionRecord[] = [];
    const reqErrors: unknown[] = [];
    let ended = false;
    const finished = new Promise<autocannon.Result>((resolve, reject) => {
      const options = { url: `http://127.0.0.1:${port}/`, connections: 20, duration: 3, timeout: 2, setupClient: instrument(records) };
      const instance = autocannon(options, (error: unknown, result) => {
        ended = true;
        if (error) reject(error as Error);
        else resolve(result);
      });
      instance.on('reqError', (error: unknown) => reqErrors.push(error));
    });

    let result: autocannon.Result;
    try {
      // Mid-run: every connection is busy on the old worker.
      await waitFor(() => records.filter((record) => record.worker === '0').length === 20, 5_000, 'all 20 connections to be answered');
      await primary.forkWorker(1);
      primary.shutdown(0);
      assert.equal(ended, false, 'shutdown came while the load ran');
      const exit = await primary.waitForExit(0);
      assert.deepEqual(exit, { code: 0, signal: null }, 'the old worker drained and exited 0');
    } finally {
      result = await finished;
    }
    assert.equal(result.errors, 0, 'errors');
    assert.equal(result.timeouts, 0, 'timeouts');
    assert.equal(result.non2xx, 0, 'non-2xx responses');
    assert.deepEqual(reqErrors, []);

    const seen = primary.events(0).find((event) => event.event === 'shutdown-seen');
    assert.equal(seen?.openConnections, 20, 'the old worker had 20 connections open when shutdown came');
    const old = records.filter((record) => record.worker === '0');
    assert.equal(old.length, 20, 'no new connection went to the old worker');
    assert.ok(old.every((record) => record.endedByServer), 'the old worker closed all its connections during the run');
    // Every connection the server closed (whoever answered on it, if anyone):
    for (const record of records.filter((candidate) => candidate.endedByServer || candidate.error !== null)) {
      assert.equal(record.error, null, `closed with a FIN, not a reset: ${JSON.stringify(record)}`);
      // Closed after a response that said so, with nothing unanswered then
      // (autocannon writes one more request anyway, ignoring Connection:
      // close; no server may answer that one), or closed while idle.
      const toldToClose = record.lastConnectionHeader === 'close' && record.unansweredAtLastResponse === 0;
      const closedIdle = record.sent === record.received;
      assert.ok(toldToClose || closedIdle, `closed with a request in flight: ${JSON.stringify(record)}`);
    }
    const successor = records.filter((record) => record.worker === '1');
    assert.ok(successor.length >= 20, `the new worker took over the connections (${successor.length})`);
    assert.ok(successor.every((record) => record.lastConnectionHeader === 'keep-alive'));
  });

  it('works with an Express app', async function () {
    const { proc, port } = await startServer({ WORKER_APP: 'express', WORKER_GRACE_MS: '5000' });
    const idle = await RawHttpConnection.open(port);
    const first = await idle.get('/');
    assert.equal(first.headers['x-powered-by'], 'Express');
    const busy = await RawHttpConnection.open(port);
    busy.send('/slow?ms=300');
    await proc.waitForMessage((message) => isWorkerEvent(message, 'request') && message.url === '/slow?ms=300', 'the request');

    proc.send('shutdown');
    const inFlight = await busy.nextResponse();
    assert.equal(inFlight.body, 'slow 300');
    assert.equal(inFlight.headers.connection, 'close');
    const late = await idle.get('/');
    assert.equal(late.headers.connection, 'close');
    assert.deepEqual(await proc.waitForExit(), { code: 0, signal: null });
  });

  it('runs beforeExit after the drain, then exits with exitCode', async function () {
    const { proc, port } = await startServer({ WORKER_EXIT_CODE: '7', WORKER_BEFORE_EXIT: '1' });
    const connection = await RawHttpConnection.open(port);
    connection.send('/slow?ms=300');
    await proc.waitForMessage((message) => isWorkerEvent(message, 'request'), 'the request');

    proc.send('shutdown');
    const response = await connection.nextResponse();
    assert.equal(response.body, 'slow 300');
    assert.equal(response.headers.connection, 'close');
    const beforeExit = await proc.waitForMessage<Record<string, unknown>>((message) => isWorkerEvent(message, 'before-exit'), 'beforeExit');
    assert.equal(beforeExit.openConnections, 0, 'beforeExit runs once every connection closed');
    assert.equal(beforeExit.draining, true);
    assert.deepEqual(await proc.waitForExit(), { code: 7, signal: null });
    assert.match(proc.stdout, /before-exit done/, 'an async beforeExit is awaited');
  });

  it('drains on SIGTERM when not under naught', async function () {
    const { proc, port } = await startServer();
    const connection = await RawHttpConnection.open(port);
    connection.send('/slow?ms=300');
    await proc.waitForMessage((message) => isWorkerEvent(message, 'request'), 'the request');

    proc.child.kill('SIGTERM');
    const response = await connection.nextResponse();
    assert.equal(response.status, 200);
    assert.equal(response.headers.connection, 'close');
    assert.deepEqual(await proc.waitForExit(), { code: 0, signal: null });
  });

  it('leaves SIGTERM alone under naught, whose master says shutdown instead', async function () {
    const { proc } = await startServer({ NAUGHT_WORKER: '0' });
    proc.child.kill('SIGTERM');
    assert.deepEqual(await proc.waitForExit(), { code: null, signal: 'SIGTERM' });
  });
});
