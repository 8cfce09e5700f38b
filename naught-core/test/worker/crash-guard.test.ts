/**
 * guardCrashes in a real process: a route that throws asynchronously, a
 * concurrent slow request, the 'offline' message over IPC, the exit code.
 */
import * as assert from 'node:assert/strict';
import { RawHttpConnection, assertLibraryBuilt, cleanUp, forkFixture, isWorkerEvent, startServer, type ForkedProcess } from './support';

function occurrences(text: string, pattern: RegExp): number {
  return text.match(new RegExp(pattern.source, 'g'))?.length ?? 0;
}

async function slowRequestInFlight(proc: ForkedProcess, port: number, ms: number): Promise<RawHttpConnection> {
  const connection = await RawHttpConnection.open(port);
  connection.send(`/slow?ms=${ms}`);
  await proc.waitForMessage((message) => isWorkerEvent(message, 'request') && message.url === `/slow?ms=${ms}`, 'the slow request');
  return connection;
}

describe('worker/crash-guard', function () {
  before(assertLibraryBuilt);
  afterEach(cleanUp);

  it('after an asynchronous throw: logs it, sends offline, finishes a slow request, exits 1', async function () {
    const { proc, port } = await startServer({ WORKER_SHUTDOWN: 'none', WORKER_GUARD: '1' });
    const slow = await slowRequestInFlight(proc, port, 500);
    const trigger = await RawHttpConnection.open(port);
    assert.equal((await trigger.get('/throw')).body, 'throwing');

    await proc.waitForMessage((message) => message === 'offline', 'offline over IPC');
    // What the master says once the replacement is online.
    proc.send('replaced');
    const response = await slow.nextResponse();
    assert.equal(response.status, 200);
    assert.equal(response.body, 'slow 500');
    assert.equal(response.headers.connection, 'close');
    assert.deepEqual(await proc.waitForExit(), { code: 1, signal: null });
    assert.equal(occurrences(proc.stderr, /Error: boom 1/), 1, `logged once:\n${proc.stderr}`);
    assert.match(proc.stderr, /worker-server\.js/, 'with its stack');
    assert.deepEqual(proc.messages.filter((message) => typeof message === 'string'), ['online', 'offline']);
  });

  it("keeps accepting new connections after 'offline' until the master's 'replaced', so one worker never closes the port", async function () {
    const { proc, port } = await startServer({ WORKER_SHUTDOWN: 'none', WORKER_GUARD: '1' });
    const trigger = await RawHttpConnection.open(port);
    assert.equal((await trigger.get('/throw')).body, 'throwing');
    await proc.waitForMessage((message) => message === 'offline', 'offline over IPC');
    // The replacement is not online yet: a brand-new connection must still be served here.
    const newcomer = await RawHttpConnection.open(port);
    const answer = await newcomer.get('/');
    assert.equal(answer.status, 200);
    assert.equal(proc.exitStatus, null, 'still running while it waits for the handover');
    proc.send('replaced');
    assert.deepEqual(await proc.waitForExit(), { code: 1, signal: null });
  });

  it('without a handover, drains and exits after handoverTimeoutMs', async function () {
    const { proc, port } = await startServer({ WORKER_SHUTDOWN: 'none', WORKER_GUARD: '1', WORKER_HANDOVER_MS: '300' });
    const trigger = await RawHttpConnection.open(port);
    await trigger.get('/throw');
    await proc.waitForMessage((message) => message === 'offline', 'offline over IPC');
    assert.deepEqual(await proc.waitForExit(), { code: 1, signal: null });
  });

  it('a crash before online(): no offline, no wait for a handover, exits 1 at once', async function () {
    const forked = forkFixture('worker-server.js', { WORKER_SHUTDOWN: 'none', WORKER_GUARD: '1', WORKER_CRASH_BEFORE_ONLINE: '1', WORKER_HANDOVER_MS: '60000' });
    // With a 60 s handover, only skipping the wait lets it exit within waitForExit's 10 s.
    assert.deepEqual(await forked.waitForExit(), { code: 1, signal: null });
    assert.match(forked.stderr, /crash before online/);
    assert.deepEqual(forked.messages.filter((message) => typeof message === 'string'), []);
  });

  it('logs a second crash while draining, without a second offline or a restart of the drain', async function () {
    const { proc, port } = await startServer({ WORKER_SHUTDOWN: 'none', WORKER_GUARD: '1' });
    const slow = await slowRequestInFlight(proc, port, 600);
    const trigger = await RawHttpConnection.open(port);
    // Throws 'boom 1', and 'boom 2' 100 ms later, while the slow request still drains.
    await trigger.get('/throw?times=2');
    await proc.waitForMessage((message) => message === 'offline', 'offline over IPC');
    proc.send('replaced');

    const response = await slow.nextResponse();
    assert.equal(response.body, 'slow 600');
    assert.deepEqual(await proc.waitForExit(), { code: 1, signal: null });
    assert.equal(occurrences(proc.stderr, /Error: boom 1/), 1, proc.stderr);
    assert.equal(occurrences(proc.stderr, /Error: boom 2/), 1, proc.stderr);
    assert.deepEqual(proc.messages.filter((message) => typeof message === 'string'), ['online', 'offline']);
  });

  it('treats an unhandled rejection the same way, with the exitCode given', async function () {
    const { proc, port } = await startServer({ WORKER_SHUTDOWN: 'none', WORKER_GUARD: '1', WORKER_EXIT_CODE: '5' });
    const slow = await slowRequestInFlight(proc, port, 400);
    const trigger = await RawHttpConnection.open(port);
    await trigger.get('/reject');

    await proc.waitForMessage((message) => message === 'offline', 'offline over IPC');
    // A 'shutdown' (a stop or deploy meanwhile) ends the wait too.
    proc.send('shutdown');
    assert.equal((await slow.nextResponse()).body, 'slow 400');
    assert.deepEqual(await proc.waitForExit(), { code: 5, signal: null });
    assert.equal(occurrences(proc.stderr, /Error: rejected on purpose/), 1, proc.stderr);
  });

  it('during a shutdown: no offline, the shutdown finishes (beforeExit too) and exits with the crash code', async function () {
    const { proc, port } = await startServer({ WORKER_GUARD: '1', WORKER_BEFORE_EXIT: '1', WORKER_GRACE_MS: '5000' });
    const slow = await slowRequestInFlight(proc, port, 800);
    const trigger = await RawHttpConnection.open(port);
    await trigger.get('/');

    proc.send('shutdown');
    await proc.waitForMessage((message) => isWorkerEvent(message, 'shutdown-seen'), 'shutdown');
    // On the idle keep-alive socket, during the grace: answered, then it throws.
    const thrown = await trigger.get('/throw');
    assert.equal(thrown.headers.connection, 'close');

    assert.equal((await slow.nextResponse()).body, 'slow 800');
    assert.deepEqual(await proc.waitForExit(), { code: 1, signal: null });
    assert.equal(occurrences(proc.stderr, /Error: boom 1/), 1, proc.stderr);
    assert.match(proc.stdout, /before-exit done/);
    assert.deepEqual(proc.messages.filter((message) => typeof message === 'string'), ['online']);
  });
});
