/**
 * After a SIGKILL: the checks that the ipc and pid files left behind are
 * reported as stale with the documented text, that a new start gets past
 * them, and that a stop then ends everything cleanly.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { isAlive, type Sandbox } from '../../test/helpers/naught';
import { bootLines, stopLines, text } from '../../test/helpers/expected-output';
import { assertStoppedClean } from '../../test/helpers/fixes-helpers';

/** `naught` prints this for an ipc file nobody listens on (spec: "A stale ipc file"). */
export function staleText(ipcFile = 'naught.ipc'): string {
  return `unable to connect to ipc-file \`${ipcFile}\`\n\n1. the ipc file specified is invalid, or\n2. the daemon process died unexpectedly\n`;
}

/** The pid in the pid file, or null when there is none. */
export function pidInFile(sandbox: Sandbox, pidFile = 'naught.pid'): number | null {
  if (!sandbox.exists(pidFile)) return null;
  return Number(sandbox.read(pidFile).trim());
}

/**
 * After the daemon (or foreground CLI) died by SIGKILL: both files stay (the
 * manual, 5.6), status and a plain start report the ipc file as stale with the
 * documented text and exit 1, and nothing looks at the pid file, which still
 * names the dead process.
 */
export async function expectStaleFiles(sandbox: Sandbox, deadPid: number, startArgs: string[], env: NodeJS.ProcessEnv): Promise<void> {
  assert.ok(fs.lstatSync(sandbox.path('naught.ipc')).isSocket(), 'the socket file stays behind after a SIGKILL');
  assert.equal(pidInFile(sandbox), deadPid, 'the pid file stays behind, naming the dead process');
  const status = await sandbox.naught(['status']);
  assert.deepStrictEqual(status, { stdout: '', stderr: staleText(), code: 1, signal: null }, 'status reports the stale ipc file');
  const start = await sandbox.naught(['start', ...startArgs], { env });
  assert.deepStrictEqual(start, { stdout: '', stderr: staleText(), code: 1, signal: null }, 'start refuses the stale ipc file');
  assert.ok(!isAlive(deadPid), 'still dead');
}

/** `start --remove-old-ipc true`: the documented notice, then a normal boot; returns the new daemon's pid. */
export async function startOverStaleFiles(sandbox: Sandbox, workerCount: number, env: NodeJS.ProcessEnv, extraArgs: string[] = []): Promise<number> {
  const start = await sandbox.naught(['start', '--remove-old-ipc', 'true', '--worker-count', String(workerCount), ...extraArgs, 'server.js'], {
    env,
    timeoutMs: 30_000,
  });
  assert.deepStrictEqual(
    start,
    {
      stdout: `workers online: ${workerCount}\n`,
      stderr: `unable to connect to ipc-file \`naught.ipc\`\n\nremoving the ipc-file and attempting to continue\n${text(...bootLines(workerCount))}`,
      code: 0,
      signal: null,
    },
    'start --remove-old-ipc true',
  );
  const daemon = pidInFile(sandbox);
  assert.ok(daemon !== null && isAlive(daemon), 'the pid file names the new, live daemon');
  return daemon;
}

/** `naught stop` of N well-behaved workers: exit 0, the usual lines, nothing left, no ipc or pid file. */
export async function stopCleanly(sandbox: Sandbox, daemon: number, workerCount: number): Promise<void> {
  const stop = await sandbox.naught(['stop'], { timeoutMs: 30_000 });
  assert.deepStrictEqual(stop, { stdout: '', stderr: text(...stopLines(workerCount)), code: 0, signal: null }, 'stop');
  await assertStoppedClean(sandbox, daemon);
}
