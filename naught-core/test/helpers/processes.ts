/**
 * The processes behind a test: the daemon a pid file names and its workers,
 * the CLI run as another user, and read-only /proc censuses of what still runs.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import {
  collect,
  descendantsOf,
  isAlive,
  NAUGHT_BIN,
  processesWithCwdUnder,
  type RunOptions,
  type RunResult,
  type Sandbox,
  sleep,
  waitFor,
} from './naught';

/** The daemon's pid from a pid file (and remembers it for cleanup). */
export function daemonPid(sandbox: Sandbox, pidFile = sandbox.path('naught.pid')): number {
  const pid = sandbox.rememberDaemon(pidFile);
  assert.ok(pid !== null, `no pid in ${pidFile}`);
  return pid;
}

/** The daemon's workers (its descendants). */
export function workerPids(daemon: number): number[] {
  return descendantsOf(daemon);
}

export async function waitForDeath(pids: number[], what: string, timeoutMs = 10_000): Promise<void> {
  await waitFor(() => pids.every((pid) => !isAlive(pid)), timeoutMs, what);
}

/** Runs `naught ARGS` as user `nobody` (setpriv) to completion; the caller makes `cwd` world-searchable. */
export function runNaughtAsNobody(args: string[], options: RunOptions): Promise<RunResult> {
  const child = spawn('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, NAUGHT_BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return collect(child, options.timeoutMs ?? 20_000, ['(as nobody)', ...args]);
}

export function cmdlineOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

export function cwdOf(pid: number): string {
  try {
    return fs.readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return '';
  }
}

export function describeProcesses(pids: number[]): string {
  return pids.map((pid) => `${pid} cwd=${cwdOf(pid)} cmd=${cmdlineOf(pid)}`).join('\n');
}

/** Nothing runs in the sandbox any more (waits a little for exiting processes). */
export async function expectNothingRunning(sandbox: Sandbox, timeoutMs = 5_000, what = 'processes still running in the sandbox'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = processesWithCwdUnder(sandbox.dir);
    if (left.length === 0) return;
    if (Date.now() > deadline) assert.fail(`${what}:\n${describeProcesses(left)}`);
    await sleep(25);
  }
}
