/**
 * What the examples need around the counter: run the command line tool as a
 * real process, a short temporary directory for a socket, and a wait for a
 * daemon to exit (a zombie counts as gone: a daemon's parent is whoever
 * adopted it, which may reap it late).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const CLI = path.join(__dirname, 'cli.ts');

export interface CliRun {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** `counter ARGS` in its own node process, with this process's node options (tsx) and the given socket. */
export function runCounter(args: string[], sockfile: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, CLI, ...args], {
      env: { ...process.env, COUNTER_SOCKFILE: sockfile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout, stderr, code }));
  });
}

/** A fresh directory under os.tmpdir(): short, so a socket path in it stays far below the 107-byte limit. */
export function temporaryDirectory(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ch07-'));
}

export function readPid(pidfile: string): number | null {
  try {
    return Number(fs.readFileSync(pidfile, 'utf8').trim());
  } catch {
    return null;
  }
}

export function isRunning(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Resolves once `pid` has exited; rejects after timeoutMs (then the caller kills it). */
export async function waitForExit(pid: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (isRunning(pid)) {
    if (Date.now() > deadline) throw new Error(`process ${pid} is still running after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The auto-daemon processes serving `sockfile`, from /proc (Linux). */
export function daemonsServing(sockfile: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline: string;
    try {
      cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (cmdline.includes('daemon-main') && cmdline.includes(JSON.stringify(sockfile)) && isRunning(Number(entry))) pids.push(Number(entry));
  }
  return pids;
}

/** Stops whatever daemon still serves `sockfile` (SIGKILL, by PID) and removes the directory. */
export async function cleanUp(directory: string, sockfile: string): Promise<void> {
  for (const pid of daemonsServing(sockfile)) {
    process.kill(pid, 'SIGKILL');
    await waitForExit(pid).catch(() => undefined);
  }
  fs.rmSync(directory, { recursive: true, force: true });
}
