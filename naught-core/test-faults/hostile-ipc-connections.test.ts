// Many connections that never send a request: the daemon keeps serving, holds no more than one descriptor
// per connection, gives every descriptor back when they go, and survives running out of descriptors.
import { strict as assert } from 'node:assert';
import { httpGet, sleep, useSandbox, waitFor } from '../test/helpers/naught';
import { recordOutcome } from './helpers/record';
import { assertDaemonServes, openFds, rssKib, startServer, startServerWithFdLimit, stopClean, workersOf } from './helpers/fb-daemon';
import { RawClient } from './helpers/fb-raw-ipc';

const WORKERS = 2;

/**
 * Connects; on EAGAIN (the listen backlog is full because the daemon has not
 * accepted the earlier connections yet, as on a busy machine) waits a moment
 * and tries again, as a client should. What is tested is holding connections,
 * not the kernel's backlog.
 */
async function connectPatiently(socketPath: string): Promise<RawClient> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await RawClient.connect(socketPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN' || attempt >= 50) throw error;
      await sleep(20 * attempt);
    }
  }
}

async function openIdle(socketPath: string, count: number, firstBytes?: string): Promise<RawClient[]> {
  const clients: RawClient[] = [];
  // In batches: a burst of thousands of connects overflows the listen backlog, which is not what is tested here.
  for (let i = 0; i < count; i += 100) {
    const batch = await Promise.all(Array.from({ length: Math.min(100, count - i) }, () => connectPatiently(socketPath)));
    if (firstBytes !== undefined) await Promise.all(batch.map((client) => client.write(firstBytes)));
    clients.push(...batch);
  }
  return clients;
}

describe('hostile ipc: idle connections', function () {
  this.timeout(120_000);
  const ctx = useSandbox();

  it('1 000 idle connections and 200 stuck mid-header: status and deploy work; every descriptor comes back', async () => {
    ctx.sandbox.useFixture('fix-http.js');
    const env = { PORT: String(ctx.port) };
    const daemon = await startServer(ctx.sandbox, WORKERS, env);
    const fdsBefore = openFds(daemon);
    const rssBefore = rssKib(daemon);
    const ipc = ctx.sandbox.path('naught.ipc');

    const idle = await openIdle(ipc, 1_000);
    const stuck = await openIdle(ipc, 200, '1048');
    await waitFor(() => openFds(daemon) >= fdsBefore + 1_200, 10_000, 'the daemon to accept every connection').catch((error: Error) => {
      throw new Error(`${error.message}: ${openFds(daemon)} fds, ${fdsBefore} before, ${[...idle, ...stuck].filter((client) => client.closed).length} closed`);
    });
    const fdsHeld = openFds(daemon);
    const rssHeld = rssKib(daemon);
    await assertDaemonServes(ctx.sandbox, daemon, WORKERS, env);
    assert.ok([...idle, ...stuck].every((client) => !client.closed), 'idle clients are left alone (an operator may keep a connection open)');

    for (const client of [...idle, ...stuck]) client.destroy();
    await waitFor(() => openFds(daemon) <= fdsBefore, 10_000, `the daemon to close the connections (${openFds(daemon)} fds, ${fdsBefore} before)`);
    await assertDaemonServes(ctx.sandbox, daemon, WORKERS, env);
    await stopClean(ctx.sandbox, daemon, WORKERS);
    recordOutcome({
      area: 'hostile ipc',
      fault: '1 000 idle connections + 200 stuck mid-header',
      point: 'idle server',
      outcome: 'held open; status and deploy work; all descriptors released when they close',
      orphans: 0,
      figures: { fdsBefore, fdsHeld, rssPerConnectionKiB: Number(((rssHeld - rssBefore) / 1_200).toFixed(1)) },
    });
  });

  it('under ulimit -n 256, 400 idle connections: the ipc socket takes at most 64 descriptors, HTTP keeps being served', async () => {
    ctx.sandbox.useFixture('fix-http.js');
    const env = { PORT: String(ctx.port) };
    const daemon = await startServerWithFdLimit(ctx.sandbox, 256, WORKERS, env);
    const workers = workersOf(daemon);
    const fdsBefore = openFds(daemon);
    const ipc = ctx.sandbox.path('naught.ipc');

    const idle = await openIdle(ipc, 400);
    await sleep(500);
    const held = idle.filter((client) => !client.closed).length;
    // A quarter of the limit: the rest stays for the HTTP connections the daemon (the cluster primary) accepts.
    assert.equal(held, 64, `ipc connections kept open under a limit of 256 descriptors (${idle.length - held} turned away)`);
    const fdsHeld = openFds(daemon);
    assert.ok(fdsHeld <= fdsBefore + 64, `${fdsHeld} descriptors open, ${fdsBefore} before`);
    const answers = await Promise.all(Array.from({ length: 50 }, () => httpGet(ctx.port, '/pid')));
    for (const answer of answers) assert.ok(workers.includes(Number(answer.body)), `answered by a worker: ${answer.body}`);
    // A command cannot get through meanwhile, and says so on one line.
    const status = await ctx.sandbox.naught(['status'], { timeoutMs: 30_000 });
    assert.equal(status.code, 1, `status while every ipc slot is taken: ${JSON.stringify(status)}`);
    assert.equal(status.stdout, '');
    assert.match(status.stderr, /^[^\n]+\n$/, 'one line, no stack trace');
    assert.deepStrictEqual(workersOf(daemon), workers, 'the workers are untouched');
    // The manager says why, once per run of refusals, in its own log.
    const refusals = ctx.sandbox.read('naught.log').split('\n').filter((line) => line === 'ipc connection refused: 64 connections already open');
    assert.equal(refusals.length, 1, `naught.log:\n${ctx.sandbox.read('naught.log')}`);

    for (const client of idle) client.destroy();
    await waitFor(() => openFds(daemon) <= fdsBefore, 10_000, 'the daemon to release the connections');
    await assertDaemonServes(ctx.sandbox, daemon, WORKERS, env);
    await stopClean(ctx.sandbox, daemon, WORKERS);
    recordOutcome({
      area: 'hostile ipc',
      fault: '400 idle connections under ulimit -n 256',
      point: 'idle server',
      outcome: `64 held, the rest turned away; 50/50 HTTP requests answered; status fails with one line ("${status.stderr.trim()}"); full recovery once they close`,
      requests: answers.length,
      failedRequests: 0,
      orphans: 0,
      figures: { connectionsHeld: held, connectionsRefused: idle.length - held, fdsHeld },
    });
  });
});
