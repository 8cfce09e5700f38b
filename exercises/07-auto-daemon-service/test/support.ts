/**
 * The checker's plumbing: run `kv` (the learner's client.ts) as a real
 * process, find the auto-daemons serving a socket (from /proc), wait for one
 * to exit, and stop leftovers by PID. An auto-daemon is detached (its own
 * session), so nothing but this cleanup would end it.
 */
import { spawn } from 'node:child_process';
import { daemonsFor } from '../../../naught-core/test/autod/support';
import { isAlive } from '../../../naught-core/test/helpers/naught';
import { REPO_ROOT } from '../../shared/subject';

/** A client that has not exited by then is stopped: most likely it never closed its connection. */
const CLIENT_TIMEOUT_MS = 20_000;

export interface KvRun {
  args: string[];
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `kv ARGS`: `node --import tsx <client.ts> ARGS` from the repository root, with KV_SOCKFILE and any extra variables. */
export function runKv(clientFile: string, args: string[], env: NodeJS.ProcessEnv): Promise<KvRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', clientFile, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, NODE_OPTIONS: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
      reject(new Error(`\`kv ${args.join(' ')}\` did not exit within ${CLIENT_TIMEOUT_MS / 1000} s (does it close its client when it is done?); it printed:\n${stdout}${stderr}`));
    }, CLIENT_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ args, code, stdout, stderr });
    });
  });
}

/** For assertion messages: what a run printed and how it ended. */
export function describeRun(run: KvRun): string {
  const output = [run.stdout.trim() && `stdout: ${run.stdout.trim()}`, run.stderr.trim() && `stderr: ${run.stderr.trim()}`].filter(Boolean).join('\n');
  return `\`kv ${run.args.join(' ')}\` exited with ${run.code}${output ? `\n${output}` : ', printing nothing'}`;
}

/** True while `pid` runs (a zombie counts as gone: a daemon's parent may reap it late). */
export const isRunning = isAlive;

/** The auto-daemon processes serving `sockfile`, and the pid a pid file names: naught-core's autod tests hold the one copy. */
export { readPid } from '../../../naught-core/test/autod/support';
export const daemonsServing = daemonsFor;

/** Resolves true once `pid` has exited, false if it still runs after `timeoutMs`. */
export async function exits(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isRunning(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/** SIGKILLs, by PID, every daemon still serving `sockfile`, then waits for them to go. */
export async function killDaemons(sockfile: string): Promise<void> {
  for (const pid of daemonsServing(sockfile)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
    await exits(pid, 5_000);
  }
}
