// Clients that never read: one that starts a deploy and stops reading, one that floods status requests whose
// answers pile up unread, one that floods detailed-status requests. The daemon must not block on them, must not
// grow without bound, and keeps serving everybody else.
import { strict as assert } from 'node:assert';
import { type Sandbox, sleep, useSandbox, waitFor } from '../test/helpers/naught';
import { ev } from '../test/helpers/expected-output';
import { STATUS_TEXT } from '../test/helpers/fixes-helpers';
import { recordOutcome } from './helpers/record';
import { assertDaemonServes, linesStartingWith, openFds, rssKib, startServer, startServerWithFdLimit, stopClean, workersOf } from './helpers/fb-daemon';
import { frame, RawClient } from './helpers/fb-raw-ipc';

const WORKERS = 2;

/** Samples a process's resident memory until stopped; gives the peak in KiB. */
function watchRss(pid: number): { stop(): number } {
  let peak = rssKib(pid);
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssKib(pid));
    } catch {
      // gone: the test's own checks say so
    }
  }, 25);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}

const CUT_OFF_LINE = /^ipc client \d+ disconnected: it does not read its replies \(over 1048576 bytes unread\)$/m;

/**
 * Waits for the daemon to log that it dropped a client that does not read, then
 * checks from the client's side: once it reads again, it gets what was already
 * sent and then the end of the connection.
 */
async function expectCutOff(sandbox: Sandbox, client: RawClient): Promise<void> {
  await waitFor(() => CUT_OFF_LINE.test(sandbox.read('naught.log')), 60_000, 'the daemon to drop the client that does not read');
  client.socket.resume();
  assert.ok(await client.closedWithin(10_000), 'the client sees its connection closed by the daemon');
}

async function waitForLogEnd(sandbox: Sandbox, line: string, what: string): Promise<void> {
  await waitFor(() => sandbox.read('naught.log').endsWith(`${line}\n`), 30_000, what).catch((error: Error) => {
    throw new Error(`${error.message}; naught.log ends with:\n${sandbox.read('naught.log').split('\n').slice(-8).join('\n')}`);
  });
}

describe('hostile ipc: clients that never read', function () {
  this.timeout(120_000);
  const ctx = useSandbox();

  it('a client starts a deploy and never reads: the deploy completes, 20 statuses meanwhile are answered', async () => {
    ctx.sandbox.useFixture('fix-slow.js');
    const env = { PORT: String(ctx.port) };
    const daemon = await startServer(ctx.sandbox, WORKERS, env);
    const before = workersOf(daemon);

    const mute = await RawClient.connect(ctx.sandbox.path('naught.ipc'), { read: false });
    // The new workers take 4 s to come online, so the statuses land mid-deploy.
    await mute.write(frame({ action: 'NaughtDeploy', newWorkerCount: 0, environment: { ONLINE_DELAY_MS: '4000' }, timeout: null, cwd: null }));
    await waitFor(() => ctx.sandbox.read('naught.log').includes(ev('SpawnNew', WORKERS, WORKERS, 0, 0)), 10_000, 'the deploy to spawn');
    const statuses = await Promise.all(Array.from({ length: 20 }, () => ctx.sandbox.naught(['status'], { timeoutMs: 30_000 })));
    for (const status of statuses) {
      assert.equal(status.code, 0, JSON.stringify(status));
      assert.match(status.stdout, STATUS_TEXT);
      assert.equal(status.stderr, '');
    }
    assert.ok(statuses.some((status) => status.stdout.startsWith('deploy in progress') || status.stdout.startsWith('booting')), `statuses saw the deploy: ${JSON.stringify(statuses.map((status) => status.stdout))}`);
    await waitForLogEnd(ctx.sandbox, ev('Ready', 0, WORKERS, 0, 0), 'the deploy to finish');
    const after = workersOf(daemon);
    assert.ok(after.length === WORKERS && after.every((pid) => !before.includes(pid)), `the deploy replaced the workers (${before} -> ${after})`);
    assert.ok(!mute.closed, 'a client that reads slowly is not cut off for a few events');

    // It is still subscribed: the next deploy's events pile up for it too, and nothing waits on it.
    await assertDaemonServes(ctx.sandbox, daemon, WORKERS, env);
    mute.destroy();
    await stopClean(ctx.sandbox, daemon, WORKERS);
    recordOutcome({
      area: 'hostile ipc',
      fault: 'deploy client that never reads',
      point: 'during its own deploy',
      outcome: 'deploy completed; 20 concurrent statuses answered; the next deploy and stop work',
      orphans: 0,
      figures: { statusCalls: statuses.length, statusFailures: statuses.filter((status) => status.code !== 0).length },
    });
  });

  it('a subscribed client floods 200 000 status requests and never reads: cut off at 1 MiB unread, memory bounded, others served', async () => {
    ctx.sandbox.useFixture('fix-http.js');
    const env = { PORT: String(ctx.port) };
    const daemon = await startServer(ctx.sandbox, WORKERS, env);
    const rssBefore = rssKib(daemon);
    const rss = watchRss(daemon);

    const flooder = await RawClient.connect(ctx.sandbox.path('naught.ipc'), { read: false });
    const requests = 200_000;
    const flood = frame({ action: 'NaughtDeploy', newWorkerCount: 0, environment: {}, timeout: null, cwd: null }) + frame({ action: 'NaughtStatus' }).repeat(requests);
    const written = flooder.write(flood);
    // Meanwhile a well-behaved client is answered.
    const status = await ctx.sandbox.naught(['status'], { timeoutMs: 30_000 });
    assert.equal(status.code, 0, JSON.stringify(status));
    assert.match(status.stdout, STATUS_TEXT);
    await expectCutOff(ctx.sandbox, flooder);
    await written;
    const peak = rss.stop();

    const answered = linesStartingWith(ctx.sandbox, 'naught.log', 'Status.').length - 1;
    const cutOff = linesStartingWith(ctx.sandbox, 'naught.log', 'ipc client ');
    assert.equal(cutOff.length, 1, `one line says why the client was dropped: ${JSON.stringify(cutOff)}`);
    assert.ok(answered < requests, `the daemon stopped answering once the client was cut off (${answered} of ${requests})`);
    const growthMib = (peak - rssBefore) / 1024;
    assert.ok(growthMib < 64, `the daemon's memory grew by ${growthMib.toFixed(1)} MiB (limit 64)`);
    // The deploy the flooder started went on without it.
    await waitFor(() => ctx.sandbox.read('naught.log').includes(`${ev('Ready', 0, WORKERS, 0, 0)}\n`), 30_000, 'the flooder’s deploy to finish');
    await assertDaemonServes(ctx.sandbox, daemon, WORKERS, env);
    await stopClean(ctx.sandbox, daemon, WORKERS);
    recordOutcome({
      area: 'hostile ipc',
      fault: `${requests} status requests, answers never read`,
      point: 'during a deploy it started',
      outcome: 'cut off at 1 MiB unread, one line logged; deploy completed; others served',
      orphans: 0,
      figures: { answeredBeforeCutOff: answered, daemonRssGrowthMiB: Number(growthMib.toFixed(1)) },
    });
  });

  it('5 000 detailed-status requests on one connection, under ulimit -n 1024: no EMFILE, memory bounded, others served', async () => {
    ctx.sandbox.useFixture('fix-http.js');
    const env = { PORT: String(ctx.port) };
    const daemon = await startServerWithFdLimit(ctx.sandbox, 1024, WORKERS, env);
    const rssBefore = rssKib(daemon);
    const fdsBefore = openFds(daemon);
    const rss = watchRss(daemon);
    let peakFds = fdsBefore;
    const fdTimer = setInterval(() => (peakFds = Math.max(peakFds, openFds(daemon))), 25);

    const requests = 5_000;
    const flooder = await RawClient.connect(ctx.sandbox.path('naught.ipc'), { read: false });
    const written = flooder.write(frame({ action: 'NaughtStatusDetail' }).repeat(requests));
    await sleep(500);
    const detail = await ctx.sandbox.naught(['status', '--json'], { timeoutMs: 60_000 });
    assert.equal(detail.code, 0, `status --json during the flood: ${JSON.stringify(detail)}`);
    assert.equal((JSON.parse(detail.stdout) as { daemon: { pid: number } }).daemon.pid, daemon);
    await expectCutOff(ctx.sandbox, flooder);
    await written;
    clearInterval(fdTimer);
    const peak = rss.stop();
    flooder.destroy();

    const failures = ctx.sandbox.read('naught.log').split('\n').filter((line) => line.includes('EMFILE') || line.startsWith('unable to answer'));
    assert.deepStrictEqual(failures.slice(0, 3), [], `the daemon ran out of file descriptors (${failures.length} failed answers; peak ${peakFds} fds)`);
    const growthMib = (peak - rssBefore) / 1024;
    assert.ok(growthMib < 64, `the daemon's memory grew by ${growthMib.toFixed(1)} MiB (limit 64)`);
    await assertDaemonServes(ctx.sandbox, daemon, WORKERS, env);
    await stopClean(ctx.sandbox, daemon, WORKERS);
    recordOutcome({
      area: 'hostile ipc',
      fault: `${requests} detailed-status requests, answers never read (ulimit -n 1024)`,
      point: 'idle server',
      outcome: 'answered one at a time; cut off at 1 MiB unread; no EMFILE; others served',
      orphans: 0,
      figures: { peakOpenFds: peakFds, fdsBefore, daemonRssGrowthMiB: Number(growthMib.toFixed(1)) },
    });
  });
});
