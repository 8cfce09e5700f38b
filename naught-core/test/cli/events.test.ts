import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { httpGet, isAlive, sleep, useSandbox, waitFor } from '../helpers/naught';
import { bootLines, deployLines, ev, ready, SHUTDOWN_LINE, stopLines, text } from '../helpers/expected-output';
import { waitForDeath, workerPids } from '../helpers/processes';
import { expectRun, expectSortedLines, linesOf, startDaemon, waitForFileContent } from '../helpers/cli-suite';

const ISO_TIMESTAMP = String.raw`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})`;

describe('worker events and the naught log', function () {
  const ctx = useSandbox();

  it('logs the whole start/status/deploy/stop session, ending with Shutdown', async function () {
    await startDaemon(ctx, 'server-plain.js', 1, { hi: 'a' });
    expectRun(await ctx.sandbox.naught(['status']), { stdout: 'workers online: 1\n', stderr: '', code: 0 });
    expectRun(await ctx.sandbox.naught(['start', 'server.js']), { stdout: 'workers online: 1\n', stderr: '', code: 1 }, 'start twice');
    expectRun(await ctx.sandbox.naught(['deploy', '--worker-count', '2']), { stdout: '', stderr: text(...deployLines(2, 1), 'done'), code: 0 });
    expectRun(await ctx.sandbox.naught(['stop']), { stdout: '', stderr: text(...stopLines(2)), code: 0 });
    assert.equal(
      ctx.sandbox.read('naught.log'),
      text(
        ...bootLines(1),
        ready(1),
        ev('Status', 0, 1, 0, 0),
        ev('Status', 0, 1, 0, 0),
        ...deployLines(2, 1),
        ready(2),
        ...stopLines(2),
        SHUTDOWN_LINE,
      ),
    );
  });

  it("a worker's 'offline': WorkerOffline, SpawnNew, WorkerOnline, Ready, then WorkerDeath when it exits", async function () {
    const daemon = await startDaemon(ctx, 'server-offline.js');
    const [first] = workerPids(daemon);
    assert.equal((await httpGet(ctx.port, '/offline')).body, 'going offline');
    const expectedBeforeExit = text(
      ...bootLines(1),
      ready(1),
      ev('WorkerOffline', 0, 0, 1, 0),
      ev('SpawnNew', 1, 0, 1, 0),
      ev('WorkerOnline', 0, 1, 1, 0),
      ev('Ready', 0, 1, 1, 0),
    );
    const beforeExit = await waitForFileContent(ctx.sandbox.path('naught.log'), ev('Ready', 0, 1, 1, 0));
    assert.equal(beforeExit, expectedBeforeExit);
    assert.ok(isAlive(first), 'the offline worker is allowed to finish');
    const answer = (await httpGet(ctx.port, '/')).body;
    assert.notEqual(answer, `offline-server ${first}`, 'the replacement serves');

    fs.writeFileSync(ctx.sandbox.path('exit-offline'), '');
    await waitForDeath([first], 'the offline worker to exit');
    const afterExit = await waitForFileContent(ctx.sandbox.path('naught.log'), 'WorkerDeath.');
    assert.equal(afterExit, expectedBeforeExit + text(ev('WorkerDeath', 0, 1, 0, 0)));

    expectRun(await ctx.sandbox.naught(['stop']), { stdout: '', stderr: text(...stopLines(1)), code: 0 });
    await waitForDeath([daemon], 'the daemon to exit');
    assert.equal(ctx.sandbox.read('naught.log'), afterExit + text(...stopLines(1), SHUTDOWN_LINE));
  });

  it("a second 'offline' from the same worker changes nothing; stop does not wait for it, yet nothing is orphaned", async function () {
    const daemon = await startDaemon(ctx, 'server-double-offline.js');
    const [first] = workerPids(daemon);
    assert.equal((await httpGet(ctx.port, '/double-offline')).body, 'offline twice');
    await waitFor(() => ctx.sandbox.exists('second-offline-sent'), 5_000, 'the second offline to be sent');
    await waitForFileContent(ctx.sandbox.path('naught.log'), ev('Ready', 0, 1, 1, 0));
    await sleep(300);
    assert.equal(
      ctx.sandbox.read('naught.log'),
      text(
        ...bootLines(1),
        ready(1),
        ev('WorkerOffline', 0, 0, 1, 0),
        ev('SpawnNew', 1, 0, 1, 0),
        ev('WorkerOnline', 0, 1, 1, 0),
        ev('Ready', 0, 1, 1, 0),
      ),
    );
    const workers = workerPids(daemon);
    assert.equal(workers.length, 2);
    assert.ok(workers.includes(first));

    expectRun(await ctx.sandbox.naught(['stop']), { stdout: '', stderr: text(ev('ShutdownOld', 0, 0, 2, 0), ev('OldExit', 0, 0, 1, 0)), code: 0 });
    await waitForDeath([daemon], 'the daemon to exit');
    await waitForDeath(workers, 'every worker, the offline one too, to be ended', 2_000);
    assert.ok(ctx.sandbox.read('naught.log').endsWith(`${SHUTDOWN_LINE}\n`), ctx.sandbox.read('naught.log'));
    assert.equal(ctx.sandbox.exists('naught.ipc'), false);
    assert.equal(ctx.sandbox.exists('naught.pid'), false);
  });

  it('an online worker that dies is replaced with the same NAUGHT_WORKER; quick crashes back off (logged), a healthy worker restarts at once', async function () {
    const daemon = await startDaemon(ctx, 'server-die.js', 2);
    const logFile = ctx.sandbox.path('naught.log');
    const killIndex1 = async (): Promise<void> => {
      await waitFor(async () => (await httpGet(ctx.port, '/die/1')).body === 'dying 1', 10_000, 'worker 1 to take a /die/1 request');
    };

    // Crash 1 (less than 3 s after it came online): restarted after 100 ms.
    await killIndex1();
    let log = await waitForFileContent(logFile, 'Ready.', 2);
    const afterBoot = text(...bootLines(2), ready(2));
    assert.ok(log.startsWith(afterBoot), log);
    let tail = linesOf(log.slice(afterBoot.length));
    assert.equal(tail.length, 5, log);
    assert.equal(tail[0], ev('WorkerDeath', 0, 1, 0, 0));
    assert.match(tail[1], new RegExp(`^${ISO_TIMESTAMP} worker 1 crashed 1 time in a row; restarting in 100 ms$`));
    assert.deepEqual(tail.slice(2), [ev('SpawnNew', 1, 1, 0, 0), ev('WorkerOnline', 0, 2, 0, 0), ev('Ready', 0, 2, 0, 0)]);

    // Crash 2, right away: 200 ms.
    await killIndex1();
    log = await waitForFileContent(logFile, 'Ready.', 3);
    tail = linesOf(log.slice(afterBoot.length)).slice(5);
    assert.equal(tail.length, 5, log);
    assert.equal(tail[0], ev('WorkerDeath', 0, 1, 0, 0));
    assert.match(tail[1], new RegExp(`^${ISO_TIMESTAMP} worker 1 crashed 2 times in a row; restarting in 200 ms$`));
    assert.deepEqual(tail.slice(2), [ev('SpawnNew', 1, 1, 0, 0), ev('WorkerOnline', 0, 2, 0, 0), ev('Ready', 0, 2, 0, 0)]);

    // A worker that lived more than 3 s is restarted at once, without a backoff line.
    await sleep(3_300);
    await killIndex1();
    log = await waitForFileContent(logFile, 'Ready.', 4);
    tail = linesOf(log.slice(afterBoot.length)).slice(10);
    assert.deepEqual(tail, [ev('WorkerDeath', 0, 1, 0, 0), ev('SpawnNew', 1, 1, 0, 0), ev('WorkerOnline', 0, 2, 0, 0), ev('Ready', 0, 2, 0, 0)]);

    // Every replacement took index 1.
    await expectSortedLines(ctx.sandbox.path('stdout.log'), ['die-server #0', 'die-server #1', 'die-server #1', 'die-server #1', 'die-server #1']);
    expectRun(await ctx.sandbox.naught(['status']), { stdout: 'workers online: 2\n', stderr: '', code: 0 });
    assert.equal(workerPids(daemon).length, 2);
    expectRun(await ctx.sandbox.naught(['stop']), { stdout: '', stderr: text(...stopLines(2)), code: 0 });
  });
});
