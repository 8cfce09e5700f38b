/**
 * Processes, ports and temporary directories for `make bench`. Every process
 * the bench starts inherits NAUGHT_BENCH_TAG (unique to this run), and is
 * only ever signalled by PID after /proc shows that it carries the tag: a PID
 * reused by somebody else's process is never touched, and nothing is killed
 * by name. Everything listens on 127.0.0.1.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const NAUGHT_CORE_ROOT = path.resolve(__dirname, '..');
export const APPS = path.join(__dirname, 'apps');
export const NAUGHT_CORE_BIN = path.join(NAUGHT_CORE_ROOT, 'dist', 'cli', 'main.js');
export const PM2_BIN = path.join(REPO_ROOT, 'node_modules', 'pm2', 'bin', 'pm2');

export const TAG_NAME = 'NAUGHT_BENCH_TAG';
export const TAG = `${process.pid}-${Date.now()}`;
// Set once, before anything is spawned: every child inherits it.
process.env[TAG_NAME] = TAG;

/** Milliseconds since 1970 with sub-millisecond precision, the clock the apps use too (apps/events.js). */
export function now(): number {
  return performance.timeOrigin + performance.now();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` every `everyMs` until it returns a truthy value; null when the time runs out. */
export async function waitFor<T>(check: () => T | null | undefined | false | Promise<T | null | undefined | false>, timeoutMs: number, everyMs = 10): Promise<T | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) return null;
    await sleep(everyMs);
  }
}

/**
 * Whether the process still runs. A zombie (exited, not yet reaped) does not
 * count: a detached daemon's parent is PID 1, which may reap it only later,
 * and kill(pid, 0) succeeds on a zombie.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    // /proc/PID/stat: "pid (comm) state ..."; comm may contain spaces or parentheses, so read after the last ')'.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Whether the process carries this run's tag (read from /proc/PID/environ). */
export function isOurs(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    return fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`${TAG_NAME}=${TAG}`);
  } catch {
    return false;
  }
}

/** Sends a signal to a process of this run, by PID; false when it is gone or not ours. */
export function signalOurs(pid: number, signal: NodeJS.Signals): boolean {
  if (!isAlive(pid) || !isOurs(pid)) return false;
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Every live process of this run (a read-only census of /proc). */
export function ourProcesses(): number[] {
  return fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => isOurs(pid) && isAlive(pid));
}

/** SIGTERM, then SIGKILL after `graceMs`, to each listed process of this run that still lives; waits for them to go. */
export async function reap(pids: readonly number[], graceMs = 3_000): Promise<number[]> {
  const alive = pids.filter((pid) => isAlive(pid) && isOurs(pid));
  for (const pid of alive) signalOurs(pid, 'SIGTERM');
  await waitFor(() => alive.every((pid) => !isAlive(pid)), graceMs);
  for (const pid of alive) signalOurs(pid, 'SIGKILL');
  await waitFor(() => alive.every((pid) => !isAlive(pid)), 2_000);
  return alive;
}

/** The PIDs of a process's descendants, read from /proc (children of every thread). */
export function descendantsOf(pid: number): number[] {
  const found: number[] = [];
  const visit = (parent: number): void => {
    let tasks: string[];
    try {
      tasks = fs.readdirSync(`/proc/${parent}/task`);
    } catch {
      return;
    }
    for (const task of tasks) {
      let children: string;
      try {
        children = fs.readFileSync(`/proc/${parent}/task/${task}/children`, 'utf8');
      } catch {
        continue;
      }
      for (const child of children.trim().split(/\s+/).filter(Boolean).map(Number)) {
        found.push(child);
        visit(child);
      }
    }
  };
  visit(pid);
  return found;
}

/** Resident set size in bytes (VmRSS of /proc/PID/status), or null when the process is gone. */
export function rssBytes(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Clock ticks per second of /proc/PID/stat's CPU times (getconf CLK_TCK; 100 on Linux). */
export const CLOCK_TICKS = ((): number => {
  const result = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const value = Number(result.stdout?.trim());
  return Number.isInteger(value) && value > 0 ? value : 100;
})();

/** CPU time (user + system) the process has used so far, in ms, or null when it is gone. */
export function cpuMs(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command: state is field 3, utime field 14, stime field 15.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

export function commandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

/** Asks the kernel for a free loopback port. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/** A fresh temporary directory (real path, so that /proc cwd comparisons work). */
export function tempDir(prefix = 'naught-bench-'): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** From spawn to exit. */
  ms: number;
  /** The command was killed because it ran longer than its timeout. */
  timedOut: boolean;
}

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs: number;
}

/** Runs `node ARGS` to completion (killed, by PID, after timeoutMs) and collects its output. */
export function runNode(args: string[], options: RunOptions): Promise<RunResult> {
  const started = now();
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return collect(child, started, options.timeoutMs);
}

function collect(child: ChildProcess, started: number, timeoutMs: number): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  let timedOut = false;
  child.stdout?.setEncoding('utf8').on('data', (data: string) => (stdout += data));
  child.stderr?.setEncoding('utf8').on('data', (data: string) => (stderr += data));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: now() - started, timedOut });
    });
  });
}

/** Starts `node ARGS` in the background, its output appended to `logFile`. */
export function spawnNode(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; logFile: string }): ChildProcess {
  const out = fs.openSync(options.logFile, 'a');
  try {
    const child = spawn(process.execPath, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', out, out],
    });
    child.on('error', () => undefined);
    return child;
  } finally {
    fs.closeSync(out);
  }
}

export interface Answer {
  status: number | null;
  /** How the request ended when no response came: 'timeout', an error code or message. */
  error: string | null;
}

/** One GET on a fresh connection (no keep-alive) to 127.0.0.1. Never rejects. */
export function getOnce(port: number, urlPath: string, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: urlPath, agent: false, timeout: timeoutMs }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? null, error: null }));
      response.on('error', (error: NodeJS.ErrnoException) => resolve({ status: null, error: error.code ?? error.message }));
    });
    request.on('timeout', () => request.destroy(Object.assign(new Error('timeout'), { code: 'timeout' })));
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ status: null, error: error.code ?? error.message }));
  });
}

/** Polls GET / every few ms until a 2xx answer; resolves with the time of that answer, or null at the deadline. */
export async function firstServed(port: number, timeoutMs: number): Promise<number | null> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const answer = await getOnce(port, '/', 500);
    if (answer.status !== null && answer.status >= 200 && answer.status < 300) return now();
    await sleep(5);
  }
  return null;
}
