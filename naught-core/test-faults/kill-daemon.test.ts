// SIGKILL of the daemon in daemon mode at chosen points of boot, idle and
// stop (deploys: kill-daemon-deploy.test.ts). The daemon is also the cluster
// master (naught-core runs the master in the daemon process, see
// helpers/kill-processes.ts), so this is the "master" kill too. Each point is
// reached by waiting for its event line in naught.log while fa-hold.js holds
// the phase open, so the kill lands inside it.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { LiveRun, isAlive, useSandbox } from '../test/helpers/naught';
import { bootLines, text } from '../test/helpers/expected-output';
import { daemonPid } from '../test/helpers/processes';
import { recordOutcome } from './helpers/record';
import { EventLog, nonEventLines } from './helpers/kill-event-log';
import { expectStaleFiles, pidInFile, startOverStaleFiles, stopCleanly } from './helpers/kill-stale';
import { setHolds } from './helpers/kill-fixtures';
import { leftoversEnded, orphansAfter, sigkill, waitForTree, waitForWorkerCount } from './helpers/kill-processes';
import { startHeldAtBoot, startHeldServer } from './helpers/kill-scenario';

describe('faults: SIGKILL of the daemon (= the cluster master), daemon mode', function () {
  this.timeout(90_000);
  const ctx = useSandbox();

  it('during boot, 2 workers booting: start exits 1 naming the kill, nothing orphaned, no ipc or pid file left, a plain start works', async () => {
    const { sandbox } = ctx;
    const { env, start, daemon } = await startHeldAtBoot(ctx, 60_000);
    const tree = await waitForTree(daemon, 3, 'the daemon and its 2 booting workers');
    sigkill(daemon);

    const result = await start.result;
    assert.equal(result.code, 1, `start: ${JSON.stringify(result)}`);
    assert.equal(result.stdout, '');
    assert.deepStrictEqual(nonEventLines(result), ['unable to start daemon: it exited with SIGKILL before the workers were online']);
    // The boot's events it heard before the kill come first (the last one may have been lost with the daemon).
    const heard = result.stderr.split('\n').filter((line) => line !== '' && !line.startsWith('unable to'));
    assert.deepStrictEqual(heard, bootLines(2).slice(0, heard.length));
    const orphans = await orphansAfter(tree, sandbox);
    assert.deepStrictEqual(orphans, [], 'nothing of the killed tree is left');
    // The manual (3.2): a failed start leaves no ipc or pid file; the start command removes what its dead daemon left.
    assert.equal(sandbox.exists('naught.ipc'), false, 'no ipc file after the failed start');
    assert.equal(sandbox.exists('naught.pid'), false, 'no pid file after the failed start');
    assert.deepStrictEqual(await sandbox.naught(['status']), { stdout: '', stderr: 'server not running\n', code: 1, signal: null });

    setHolds(sandbox, {});
    const again = await sandbox.naught(['start', '--worker-count', '2', 'server.js'], { env });
    assert.deepStrictEqual(again, { stdout: 'workers online: 2\n', stderr: text(...bootLines(2)), code: 0, signal: null }, 'a plain start after the kill');
    await stopCleanly(sandbox, daemonPid(sandbox), 2);
    recordOutcome({
      area: 'kill',
      fault: 'SIGKILL daemon (daemon mode)',
      point: 'boot, 2 workers booting (after SpawnNew ×2)',
      outcome: 'start exits 1 (unable to start daemon: it exited with SIGKILL ...); workers exit; no ipc/pid file left; plain start works',
      orphans: orphans.length,
    });
  });

  it('while idle, then the socket file removed by hand: nothing reports the stale pid file, a plain start replaces it', async () => {
    const { sandbox } = ctx;
    const { env, daemon } = await startHeldServer(ctx);
    const tree = await waitForTree(daemon, 3, 'the daemon and its 2 workers');
    sigkill(daemon);
    const orphans = await orphansAfter(tree, sandbox);
    assert.deepStrictEqual(orphans, [], 'the workers follow their master');
    await expectStaleFiles(sandbox, daemon, ['--worker-count', '2', 'server.js'], env);

    // What an operator might do instead of --remove-old-ipc: delete the socket. The pid file, naming a dead
    // process, is then mentioned by no command; the next start reads it only to end what is left of that
    // daemon's process group (nothing here: the workers followed their master), then overwrites it.
    fs.rmSync(sandbox.path('naught.ipc'));
    assert.deepStrictEqual(await sandbox.naught(['status']), { stdout: '', stderr: 'server not running\n', code: 1, signal: null });
    assert.deepStrictEqual(await sandbox.naught(['stop']), { stdout: '', stderr: 'server not running\n', code: 0, signal: null });
    assert.equal(pidInFile(sandbox), daemon, 'the stale pid file is still there, unreported');
    const again = await sandbox.naught(['start', '--worker-count', '2', 'server.js'], { env });
    assert.deepStrictEqual(again, { stdout: 'workers online: 2\n', stderr: text(...bootLines(2)), code: 0, signal: null });
    const restarted = daemonPid(sandbox);
    assert.ok(restarted !== daemon && isAlive(restarted), 'the pid file now names the new daemon');
    assert.deepStrictEqual(leftoversEnded(new EventLog(sandbox).lines(), daemon), [], 'no leftover to end, none logged');
    await stopCleanly(sandbox, restarted, 2);
    recordOutcome({
      area: 'kill',
      fault: 'SIGKILL daemon (daemon mode)',
      point: 'idle, 2 workers online; then the socket file deleted by hand',
      outcome: 'workers exit; stale ipc reported; once the socket is gone, status/stop say server not running and nothing mentions the stale pid file; a plain start overwrites it',
      orphans: orphans.length,
    });
  });

  it('during stop, workers draining: stop says it lost the daemon, the workers finish their shutdown and exit, stale files reported, restart works', async () => {
    const { sandbox } = ctx;
    const { env, log, daemon } = await startHeldServer(ctx);
    const workers = await waitForWorkerCount(daemon, 2);
    const holdMs = 3_000;
    setHolds(sandbox, { shutdownMs: holdMs });
    const mark = await log.markWhenIdle();
    const stop = LiveRun.naught(sandbox, ['stop'], {});
    await log.waitForEvent('ShutdownOld', 2, mark);
    const killedAt = Date.now();
    sigkill(daemon);

    const result = await stop.result;
    assert.equal(result.code, 1);
    assert.deepStrictEqual(nonEventLines(result), ['lost the connection to the daemon before it reported the shutdown']);
    assert.ok(!log.lines().some((line) => line.startsWith('Shutdown.')), 'the killed daemon never logged Shutdown');
    const orphans = await orphansAfter([daemon, ...workers], sandbox, holdMs + 10_000);
    const goneAfterMs = Date.now() - killedAt;
    assert.deepStrictEqual(orphans, [], 'the workers end by themselves once their shutdown is over');
    await expectStaleFiles(sandbox, daemon, ['--worker-count', '2', 'server.js'], env);
    setHolds(sandbox, {});
    const restarted = await startOverStaleFiles(sandbox, 2, env);
    assert.equal(pidInFile(sandbox), restarted);
    await stopCleanly(sandbox, restarted, 2);
    recordOutcome({
      area: 'kill',
      fault: 'SIGKILL daemon (daemon mode)',
      point: 'stop, 2 workers dying (after ShutdownOld ×2, held 3 s)',
      outcome: 'stop exits 1 (lost the connection ...); workers finish their shutdown and exit; stale ipc reported; restart works',
      orphans: orphans.length,
      figures: { workersGoneAfterMs: goneAfterMs },
    });
  });
});
