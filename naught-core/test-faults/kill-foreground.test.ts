// SIGKILL of the master in foreground mode (`--daemon-mode false`). There the
// `naught start` CLI process is the daemon and the cluster master at once:
// the pid file holds its pid and the workers are its children (checked
// below, so the test kills the right process). Points: boot, and a deploy
// under load, reached through naught.log's event lines.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { measureDowntime, type LoadSummary } from '../bench/load';
import { LiveRun, descendantsOf, useSandbox, waitFor, type Sandbox } from '../test/helpers/naught';
import { stopLines, text } from '../test/helpers/expected-output';
import { assertStoppedClean } from '../test/helpers/fixes-helpers';
import { recordOutcome } from './helpers/record';
import { EventLog, nonEventLines } from './helpers/kill-event-log';
import { expectStaleFiles, pidInFile } from './helpers/kill-stale';
import { fixtureEnv, setHolds, useFaultFixture } from './helpers/kill-fixtures';
import { orphansAfter, sigkill, treeOf, waitForTree } from './helpers/kill-processes';
import { describeFailures, figuresOf, useLoadCleanup } from './helpers/load-timed';
import { startLoadAndWaitForFlow, stopLoadAfterMoreAnswers } from './helpers/kill-scenario';

const BOOTUP_NEVER_SUCCEEDED = "Bootup never succeeded. Check stderr.log and usage of 'online' and 'shutdown' events.";
const FOREGROUND = ['start', '--daemon-mode', 'false', '--worker-count', '2'];

/** The parent pid of a process, from /proc/PID/stat (the field after the state, past the command name). */
function parentOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

/** Starts naught in the foreground and waits for its Ready; returns the running CLI. */
async function startForeground(sandbox: Sandbox, env: NodeJS.ProcessEnv, extra: string[] = []): Promise<LiveRun> {
  const log = new EventLog(sandbox);
  const mark = log.mark();
  const run = LiveRun.naught(sandbox, [...FOREGROUND, ...extra, 'server.js'], { env, timeoutMs: 120_000 });
  assert.ok(run.child.pid !== undefined);
  sandbox.trackPid(run.child.pid);
  await log.waitForEvent('Ready', 1, mark);
  return run;
}

/** The foreground CLI is the master: the pid file names it and the workers are its children. */
function assertCliIsMaster(sandbox: Sandbox, cli: LiveRun, workerCount: number): number {
  const pid = cli.child.pid ?? -1;
  assert.equal(pidInFile(sandbox), pid, 'the pid file names the foreground CLI');
  const workers = descendantsOf(pid);
  assert.equal(workers.length, workerCount, `${workerCount} workers under the CLI: ${workers.join(', ')}`);
  for (const worker of workers) assert.equal(parentOf(worker), pid, `worker ${worker} is a child of the CLI (its cluster primary)`);
  return pid;
}

/** After the kill: restart in the foreground over the stale files, then `naught stop` ends it cleanly (exit 0). */
async function restartAndStop(sandbox: Sandbox, env: NodeJS.ProcessEnv, whileRunning: () => Promise<void> = async () => undefined): Promise<void> {
  setHolds(sandbox, {});
  const again = await startForeground(sandbox, env, ['--remove-old-ipc', 'true']);
  assert.ok(
    again.stderr.startsWith('unable to connect to ipc-file `naught.ipc`\n\nremoving the ipc-file and attempting to continue\n'),
    `the foreground start reports the stale file: ${again.stderr}`,
  );
  const pid = assertCliIsMaster(sandbox, again, 2);
  await whileRunning();
  const stop = await sandbox.naught(['stop'], { timeoutMs: 30_000 });
  assert.deepStrictEqual(stop, { stdout: '', stderr: text(...stopLines(2)), code: 0, signal: null });
  const ended = await again.result;
  assert.equal(ended.code, 0, `the foreground CLI exits 0 after a stop: ${JSON.stringify(ended)}`);
  await assertStoppedClean(sandbox, pid);
}

describe('faults: SIGKILL of the master, foreground mode (the CLI is daemon and master)', function () {
  this.timeout(90_000);
  const loads = useLoadCleanup();
  const ctx = useSandbox();

  it('during boot, 2 workers booting: the workers exit with it, the ipc file is reported stale, the pid file names the dead CLI, a restart works', async () => {
    const { sandbox, port } = ctx;
    useFaultFixture(sandbox, 'fa-hold.js');
    setHolds(sandbox, { onlineMs: 60_000 });
    const env = fixtureEnv(port);
    const log = new EventLog(sandbox);
    const cli = LiveRun.naught(sandbox, [...FOREGROUND, 'server.js'], { env, timeoutMs: 60_000 });
    const pid = cli.child.pid ?? -1;
    sandbox.trackPid(pid);
    await log.waitForEvent('SpawnNew', 2);
    await waitFor(() => descendantsOf(pid).length === 2, 5_000, '2 booting workers under the CLI');
    assertCliIsMaster(sandbox, cli, 2);
    const tree = treeOf(pid);
    sigkill(pid);

    const result = await cli.result;
    assert.equal(result.signal, 'SIGKILL');
    const orphans = await orphansAfter(tree, sandbox);
    assert.deepStrictEqual(orphans, [], 'nothing of the killed tree is left');
    await expectStaleFiles(sandbox, pid, [...FOREGROUND.slice(1), 'server.js'], env);
    await restartAndStop(sandbox, env);
    recordOutcome({
      area: 'kill',
      fault: 'SIGKILL master (foreground CLI)',
      point: 'boot, 2 workers booting (after SpawnNew ×2)',
      outcome: 'workers exit with it; ipc and pid files left, status/start report the stale ipc; foreground restart with --remove-old-ipc works',
      orphans: orphans.length,
    });
  });

  it('during deploy under load, new workers booting: deploy says Bootup never succeeded, the whole tree ends, a restart serves with no failure', async () => {
    const { sandbox, port } = ctx;
    useFaultFixture(sandbox, 'fa-hold.js');
    const env = fixtureEnv(port);
    const log = new EventLog(sandbox);
    const cli = await startForeground(sandbox, env);
    const pid = assertCliIsMaster(sandbox, cli, 2);
    const load = await startLoadAndWaitForFlow(loads, port, 200);

    setHolds(sandbox, { onlineMs: 60_000 });
    const mark = await log.markWhenIdle();
    const deploy = LiveRun.naught(sandbox, ['deploy'], { env });
    await log.waitForEvent('SpawnNew', 2, mark);
    const tree = await waitForTree(pid, 5, 'the CLI, 2 old and 2 new workers');
    const killedAt = load.now();
    sigkill(pid);

    assert.equal((await cli.result).signal, 'SIGKILL');
    const deployed = await deploy.result;
    assert.equal(deployed.code, 1);
    assert.deepStrictEqual(nonEventLines(deployed), [BOOTUP_NEVER_SUCCEEDED]);
    const orphans = await orphansAfter(tree, sandbox);
    assert.deepStrictEqual(orphans, [], 'nothing of the killed tree is left');
    await expectStaleFiles(sandbox, pid, [...FOREGROUND.slice(1), 'server.js'], env);

    let restartedAt = 0;
    let summary: LoadSummary | null = null;
    await restartAndStop(sandbox, env, async () => {
      restartedAt = load.now();
      summary = await stopLoadAfterMoreAnswers(load, 200, 'the restarted server to answer the load');
    });
    assert.ok(summary !== null);
    const { samples } = summary as LoadSummary;
    const lateFailures = samples.filter((sample) => !sample.ok && sample.at >= restartedAt);
    assert.equal(lateFailures.length, 0, `requests failed after the restart: ${describeFailures(lateFailures)}`);
    const outage = measureDowntime(samples, killedAt);
    recordOutcome({
      area: 'kill',
      fault: 'SIGKILL master (foreground CLI)',
      point: 'deploy, 2 new workers booting (after SpawnNew ×2), under load',
      outcome: 'deploy exits 1 (Bootup never succeeded); all 5 processes end; stale ipc reported; restart serves, 0 failures after it (the failures are connections refused while no server ran)',
      ...figuresOf(summary as LoadSummary),
      orphans: orphans.length,
      figures: { failedAfterRestart: lateFailures.length, outageMs: Math.round(outage.downtimeMs ?? Number.NaN) },
    });
  });
});
