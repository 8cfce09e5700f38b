// The original's known faults, with real client processes: five clients
// starting at once (one succeeded, four failed with "exited with code: 1"), a
// stale socket file, a daemon that was SIGKILLed. Each time: every client
// succeeds, exactly one daemon runs, and the losers of the start race exit.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { isAlive, waitFor } from '../helpers/naught';
import { describeProcesses } from '../helpers/processes';
import { COUNTER, assertLibraryBuilt, daemonsFor, leaveStaleSocket, readPid, startClient, useAutodSandbox, waitForExit, type AutodContext, type ClientSummary } from './support';

const CLIENTS = 5;

/** Starts CLIENTS client processes, releases them at the same moment, and returns their summaries. */
async function raceClients(ctx: AutodContext): Promise<ClientSummary[]> {
  const options = { rpcfile: COUNTER, sockfile: ctx.sockfile, methods: ['add'], cwd: ctx.sandbox.dir };
  const runs = Array.from({ length: CLIENTS }, () => startClient({ options, calls: [['add', 1]], barrier: true }, ctx.sandbox.dir));
  for (const run of runs) ctx.track(run.child.pid);
  // every client has loaded the library and waits at the barrier: release them together
  await waitFor(() => runs.every((run) => run.stdout.startsWith('ready\n')), 20_000, 'every client to reach the barrier');
  for (const run of runs) run.child.stdin?.write('go\n');
  const outcomes = await Promise.all(runs.map((run) => run.done));
  const summaries = outcomes.map((outcome) => outcome.summary);
  for (const summary of summaries) {
    for (const pid of summary.spawned) ctx.track(pid);
    ctx.track(summary.daemonPid);
  }
  for (const [index, outcome] of outcomes.entries()) {
    assert.equal(outcome.code, 0, `client ${index} failed: ${JSON.stringify(outcome.summary)}\n${runs[index]?.stderr}`);
  }
  return summaries;
}

/** Exactly one daemon serves the socket, every client talked to it, and every other spawned process has exited. */
async function assertOneDaemon(ctx: AutodContext, summaries: ClientSummary[]): Promise<number> {
  const daemon = summaries[0]?.daemonPid as number;
  assert.deepEqual(
    summaries.map((summary) => summary.daemonPid),
    Array(CLIENTS).fill(daemon),
    'every client was greeted by the same daemon',
  );
  assert.deepEqual(
    summaries.flatMap((summary) => summary.results).sort(),
    [1, 2, 3, 4, 5],
    'the five increments happened in one daemon, one after the other',
  );
  const losers = summaries.flatMap((summary) => summary.spawned).filter((pid) => pid !== daemon);
  await waitFor(() => losers.every((pid) => !isAlive(pid)), 10_000, 'the daemons that lost the start race to exit').catch(() => {
    throw new Error(`spawned processes still running:\n${describeProcesses(losers.filter(isAlive))}`);
  });
  assert.deepEqual(daemonsFor(ctx.sockfile), [daemon], `exactly one daemon runs:\n${describeProcesses(daemonsFor(ctx.sockfile))}`);
  assert.equal(readPid(`${ctx.sockfile}.pid`), daemon, 'the pid file names the daemon that serves');
  return daemon;
}

async function stopDaemon(daemon: number): Promise<void> {
  process.kill(daemon, 'SIGTERM');
  await waitForExit(daemon, 'the daemon to stop on SIGTERM');
}

describe('auto-daemon: concurrent first starts and stale sockets (real client processes)', function () {
  this.timeout(60_000);
  const ctx = useAutodSandbox();
  before(assertLibraryBuilt);

  it('five clients starting at once on a fresh socket all succeed, with exactly one daemon', async () => {
    const summaries = await raceClients(ctx);
    const spawned = summaries.flatMap((summary) => summary.spawned);
    // Released together, several clients find no socket and spawn: the race the original lost.
    assert.ok(spawned.length >= 2, `the clients raced to spawn (spawned: ${spawned.length})`);
    const daemon = await assertOneDaemon(ctx, summaries);
    await stopDaemon(daemon);
    assert.equal(fs.existsSync(ctx.sockfile), false, 'SIGTERM closes the daemon cleanly: no socket file left');
  });

  it('a leftover socket file with nothing listening is replaced, even by five clients at once', async () => {
    await leaveStaleSocket(ctx.sockfile);
    assert.ok(fs.lstatSync(ctx.sockfile).isSocket(), 'a stale socket file is in place');
    const summaries = await raceClients(ctx);
    const daemon = await assertOneDaemon(ctx, summaries);
    await stopDaemon(daemon);
  });

  it('a socket whose daemon was SIGKILLed is detected and replaced by a new daemon', async () => {
    const options = { rpcfile: COUNTER, sockfile: ctx.sockfile, methods: ['add'], cwd: ctx.sandbox.dir };
    const first = await startClient({ options, calls: [['add', 3]] }, ctx.sandbox.dir).done;
    const killed = first.summary.daemonPid as number;
    ctx.track(killed);
    assert.deepEqual(first.summary.results, [3]);
    process.kill(killed, 'SIGKILL');
    await waitForExit(killed, 'the daemon to die');
    assert.ok(fs.lstatSync(ctx.sockfile).isSocket(), 'SIGKILL left the socket file behind');
    assert.equal(readPid(`${ctx.sockfile}.pid`), killed, 'and the pid file naming the dead daemon');

    const summaries = await raceClients(ctx);
    const daemon = await assertOneDaemon(ctx, summaries);
    assert.notEqual(daemon, killed);
    await stopDaemon(daemon);
  });
});
