/**
 * The `naught` command, run as a learner runs it (node + naught-core's
 * compiled CLI), in an app directory.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isAlive, NAUGHT_CLI, run, type RunResult } from './processes';

export function naught(args: readonly string[], appDir: string, env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<RunResult> {
  return run(process.execPath, [NAUGHT_CLI, ...args], { cwd: appDir, env: { ...process.env, NODE_OPTIONS: '', ...env }, timeoutMs });
}

export async function naughtOk(args: readonly string[], appDir: string, env: NodeJS.ProcessEnv, timeoutMs?: number): Promise<RunResult> {
  const result = await naught(args, appDir, env, timeoutMs);
  if (result.code !== 0) {
    // The workers' errors are in stderr.log: show its end with the failure.
    let workerErrors = '';
    try {
      workerErrors = `\nstderr.log (end):\n${fs.readFileSync(path.join(appDir, 'stderr.log'), 'utf8').split('\n').slice(-15).join('\n')}`;
    } catch {
      // no stderr.log
    }
    throw new Error(`naught ${args.join(' ')} exited with ${result.code}\n${result.stdout}\n${result.stderr}${workerErrors}`);
  }
  return result;
}

/** The daemon's pid from naught.pid, or null. */
export function naughtDaemonPid(appDir: string, pidFile = 'naught.pid'): number | null {
  try {
    const pid = Number(fs.readFileSync(path.resolve(appDir, pidFile), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** `naught stop --timeout 5` if a server seems to run there; for `finally` blocks. */
export async function stopNaughtIfRunning(appDir: string, env: NodeJS.ProcessEnv): Promise<void> {
  const pid = naughtDaemonPid(appDir);
  if (!fs.existsSync(path.join(appDir, 'naught.ipc')) && (pid === null || !isAlive(pid))) return;
  await naught(['stop', '--timeout', '5'], appDir, env, 30_000).catch(() => undefined);
}
