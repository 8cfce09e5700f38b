/**
 * drainServer: under a naught-like cluster master (cluster's disconnect right
 * after 'shutdown'), installed late, and its contract with the tracker.
 */
import * as assert from 'node:assert/strict';
import { once } from 'node:events';
import * as http from 'node:http';
import { waitFor } from '../helpers/naught';
import { drainServer, trackConnections } from '../../src/worker';
import { ClusterPrimary, RawHttpConnection, assertLibraryBuilt, cleanUp, isWorkerEvent, startServer } from './support';

describe('worker/drain', function () {
  before(assertLibraryBuilt);
  afterEach(cleanUp);

  it('keeps idle sockets through cluster\'s disconnect, as the naught master sends it after shutdown', async function () {
    const primary = await ClusterPrimary.start();
    const { port } = await primary.forkWorker(0, { WORKER_GRACE_MS: '5000' });
    await waitFor(() => primary.messages(0).includes('online'), 5_000, 'the worker to say online');
    const connection = await RawHttpConnection.open(port);
    const first = await connection.get('/');
    assert.equal(first.headers['x-worker'], '0');
    assert.equal(first.headers.connection, 'keep-alive');

    // worker.send('shutdown'); worker.disconnect(). The worker's cluster code
    // calls server.close() on every server still registered with cluster,
    // then closes the IPC channel. (On Node 20 the drain's own close, made
    // synchronously in the 'shutdown' handler, has unregistered ours by then;
    // the server.close() path itself is tested in connection-tracker.test.ts.)
    primary.shutdown(0);
    await primary.waitForEvent(0, 'shutdown-seen');
    await waitFor(() => primary.disconnected(0), 5_000, 'cluster\'s disconnect to close the worker\'s IPC channel');
    assert.equal(connection.isClosed, false, 'the idle socket survived the disconnect');

    const late = await connection.get('/');
    assert.equal(late.status, 200);
    assert.equal(late.headers['x-worker'], '0', 'answered by the draining worker');
    assert.equal(late.headers.connection, 'close');
    await connection.closed;
    assert.deepEqual(await primary.waitForExit(0), { code: 0, signal: null });
  });

  it('installs a tracker when none was: requests on older sockets get Connection: close', async function () {
    const { proc, port } = await startServer({ WORKER_SHUTDOWN: 'late-drain', WORKER_GRACE_MS: '5000' });
    const connection = await RawHttpConnection.open(port);
    assert.equal((await connection.get('/')).headers.connection, 'keep-alive');

    proc.send('shutdown');
    const seen = await proc.waitForMessage<Record<string, unknown>>((message) => isWorkerEvent(message, 'shutdown-seen'), 'shutdown');
    assert.equal(seen.draining, true);
    assert.equal(seen.openConnections, 0, 'a socket accepted before the drain is unknown to it...');
    const late = await connection.get('/');
    assert.equal(late.headers.connection, 'close', '...until it carries a request');
    await connection.closed;
    assert.deepEqual(await proc.waitForExit(), { code: 0, signal: null });
  });

  describe('in this process', function () {
    let server: http.Server;
    beforeEach(async function () {
      server = http.createServer((_request, response) => response.end('ok'));
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
    });
    afterEach(function () {
      server.closeAllConnections();
      if (server.listening) server.close();
    });

    it('uses the tracker installed for the server, and drains once', async function () {
      const tracker = trackConnections(server);
      assert.equal(trackConnections(server), tracker, 'one tracker per server');
      assert.equal(tracker.draining, false);
      const drained = drainServer(server, { idleGraceMs: 10 });
      assert.equal(tracker.draining, true);
      assert.equal(tracker.drain(), drained, 'a second call returns the same drain');
      assert.equal(server.listening, false);
      await drained;
      assert.equal(tracker.openConnections, 0);
    });

    it('rejects options a timer cannot honour, before touching the server', function () {
      for (const options of [{ idleGraceMs: -1 }, { timeoutMs: Number.NaN }, { timeoutMs: Infinity }, { idleGraceMs: 2 ** 31 }]) {
        assert.throws(() => drainServer(server, options), RangeError, JSON.stringify(options));
      }
      assert.equal(server.listening, true);
    });
  });
});
