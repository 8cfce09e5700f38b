/**
 * Small helpers for the tests of naught-core's fixes over naught 1.6.0, log
 * rotation through the CLI and deploys under load: expected event lines,
 * commands watched while they run, commands run as `nobody`, and read-only
 * /proc censuses (socket owners, leftover processes).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  NAUGHT_BIN,
  NAUGHT_CORE_ROOT,
  type RunResult,
  type Sandbox,
  collect,
  descendantsOf,
  isAlive,
  processesWithCwdUnder,
  spawnNaught,
  waitFor,
} from './naught';

/**
 * Every process this test run starts inherits this variable, so the leftovers
 * check can tell this run's processes (a daemon whose cwd moved away included)
 * from anybody else's.
 */
export const RUN_TAG_NAME = 'NAUGHT_TEST_RUN_TAG';
process.env[RUN_TAG_NAME] ??= `${process.pid}-${Date.now()}`;
export const RUN_TAG = process.env[RUN_TAG_NAME];

/** The worker library a fixture loads through `require(process.env.NAUGHT_CORE_LIB)`. */
export const NAUGHT_CORE_LIB = path.join(NAUGHT_CORE_ROOT, 'dist', 'worker', 'index.js');
/** Where the fixtures find express (copied fixtures live in /tmp, far from node_modules). */
export const REPO_NODE_MODULES = path.resolve(NAUGHT_CORE_ROOT, '..', 'node_modules');

export const DEPLOY_FAILED = "Deploy failed. Check stderr.log and usage of 'online' and 'shutdown' events.\n";
export const EVENT_LINE = /^[A-Z][A-Za-z]+\. booting: \d+, online: \d+, dying: \d+, new_online: \d+$/;
export const STATUS_TEXT =
  /^(workers online: \d+\n|(booting|deploy in progress|shutting down)\nbooting: \d+, online: \d+, dying: \d+, new_online: \d+\n)$/;

/** One event line as the CLI prints it (with its newline). */
export function ev(event: string, booting: number, online: number, dying: number, newOnline: number): string {
  return `${event}. booting: ${booting}, online: ${online}, dying: ${dying}, new_online: ${newOnline}\n`;
}

/** What `naught start` prints on stderr while N workers boot. */
export function bootStderr(n: number): string {
  let out = ev('Bootup', 0, 0, 0, 0);
  for (let i = 1; i <= n; i++) out += ev('SpawnNew', i, 0, 0, 0);
  for (let i = 1; i <= n; i++) out += ev('NewOnline', n - i, 0, 0, i);
  return out;
}

/** The events of a deploy of N new workers replacing M old ones (without `done`). */
export function deployEvents(n: number, m: number): string {
  let out = '';
  for (let i = 1; i <= n; i++) out += ev('SpawnNew', i, m, 0, 0);
  for (let i = 1; i <= n; i++) out += ev('NewOnline', n - i, m, 0, i);
  for (let j = 1; j <= m; j++) out += ev('ShutdownOld', 0, m - j, j, n);
  for (let j = 1; j <= m; j++) out += ev('OldExit', 0, 0, m - j, n);
  return out;
}

/** What `naught stop` prints for M workers that shut down when asked. */
export function stopStderr(m: number): string {
  let out = '';
  for (let j = 1; j <= m; j++) out += ev('ShutdownOld', 0, m - j, j, 0);
  for (let j = 1; j <= m; j++) out += ev('OldExit', 0, 0, m - j, 0);
  return out;
}

/** The daemon's pid as the pid file names it (and remembered for cleanup). */
export function daemonPid(sandbox: Sandbox, pidFile = 'naught.pid'): number {
  const pid = sandbox.rememberDaemon(sandbox.path(pidFile));
  if (pid === null) throw new Error(`no pid in ${pidFile}`);
  return pid;
}

/** A naught command running in the background whose output can be watched as it comes. */
export interface Watched {
  child: ChildProcess;
  live: { stdout: string; stderr: string };
  result: Promise<RunResult>;
  /** Waits until stderr so far satisfies `check`. */
  stderrUntil(check: (stderr: string) => boolean, timeoutMs?: number, what?: string): Promise<void>;
}

export function watchNaught(
  sandbox: Sandbox,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; cwd?: string } = {},
): Watched {
  const child = spawnNaught(args, { cwd: options.cwd ?? sandbox.dir, env: options.env });
  const live = { stdout: '', stderr: '' };
  child.stdout?.setEncoding('utf8').on('data', (data: string) => (live.stdout += data));
  child.stderr?.setEncoding('utf8').on('data', (data: string) => (live.stderr += data));
  const result = collect(child, options.timeoutMs ?? 20_000, args);
  result.catch(() => undefined); // awaited later; a timeout must not count as unhandled meanwhile
  return {
    child,
    live,
    result,
    async stderrUntil(check, timeoutMs = 15_000, what = 'stderr') {
      await waitFor(() => check(live.stderr) || child.exitCode !== null, timeoutMs, `naught ${args.join(' ')}: ${what}`);
      if (!check(live.stderr)) {
        throw new Error(`naught ${args.join(' ')} exited (${child.exitCode}) before ${what}\nstdout: ${live.stdout}\nstderr: ${live.stderr}`);
      }
    },
  };
}

/** Counts the lines of `text` that start with `prefix`. */
export function countLines(text: string, prefix: string): number {
  return text.split('\n').filter((line) => line.startsWith(prefix)).length;
}

/** Runs the CLI as `nobody` (setpriv), from `cwd`. */
export function runNaughtAsNobody(args: string[], cwd: string, timeoutMs = 15_000): Promise<RunResult> {
  const child = spawn(
    'setpriv',
    ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, NAUGHT_BIN, ...args],
    { cwd, env: { ...process.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return collect(child, timeoutMs, ['(as nobody)', ...args]);
}

/**
 * The pids that hold a listening unix socket bound at `socketPath` (read from
 * /proc/net/unix and /proc/PID/fd; a relative bound path is resolved against
 * the holder's cwd).
 */
export function listeningSocketOwners(socketPath: string): number[] {
  const inodes = new Map<string, string>();
  for (const row of fs.readFileSync('/proc/net/unix', 'utf8').split('\n').slice(1)) {
    const fields = row.trim().split(/\s+/);
    if (fields.length < 8) continue;
    const [, , , flags, , , inode, bound] = fields;
    if (parseInt(flags, 16) & 0x10000) inodes.set(inode, bound);
  }
  const owners: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const match = /^socket:\[(\d+)\]$/.exec(target);
      const bound = match ? inodes.get(match[1]) : undefined;
      if (bound === undefined) continue;
      let full = bound;
      if (!path.isAbsolute(bound)) {
        try {
          full = path.resolve(fs.readlinkSync(`/proc/${pid}/cwd`), bound);
        } catch {
          continue;
        }
      }
      if (full === socketPath && !owners.includes(pid)) owners.push(pid);
    }
  }
  return owners;
}

/** The environment a process was started with (empty if it cannot be read). */
export function environOf(pid: number): string[] {
  try {
    return fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  } catch {
    return [];
  }
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

/** Live processes whose cwd is (or was, if since deleted) inside a `naught-test-*` sandbox. */
export function processesInSandboxes(): number[] {
  const sandboxCwd = new RegExp(`^${os.tmpdir().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/naught-test-[^/ ]+( \\(deleted\\)|/.*)?$`);
  return processesWithCwdUnder(os.tmpdir()).filter((pid) => pid !== process.pid && sandboxCwd.test(cwdOf(pid)) && isAlive(pid));
}

/**
 * Live naught processes (CLIs, daemons, workers) started, directly or not, by
 * this test run: they carry its tag and run naught-core or a sandbox's script,
 * or run in a sandbox.
 */
export function processesOfThisRun(): number[] {
  const dist = path.join(NAUGHT_CORE_ROOT, 'dist');
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    const cwd = cwdOf(pid);
    if (cwd === '' || !environOf(pid).includes(`${RUN_TAG_NAME}=${RUN_TAG}`)) continue;
    const cmdline = cmdlineOf(pid);
    if (cmdline.includes(dist) || cmdline.includes('/naught-test-') || cwd.includes('/naught-test-')) pids.push(pid);
  }
  return pids;
}

export function describeProcesses(pids: number[]): string {
  return pids.map((pid) => `${pid} cwd=${cwdOf(pid)} cmd=${cmdlineOf(pid)}`).join('\n');
}

/** The workers of a daemon once it is steady: its descendants. */
export function workersOf(daemon: number): number[] {
  return descendantsOf(daemon);
}

/** The counts line of the status text (with its newline). */
export function counts(booting: number, online: number, dying: number, newOnline: number): string {
  return `booting: ${booting}, online: ${online}, dying: ${dying}, new_online: ${newOnline}\n`;
}

/**
 * After a stop: the daemon has exited, nothing runs in the sandbox any more,
 * and neither the ipc file nor the pid file is left.
 */
export async function assertStoppedClean(sandbox: Sandbox, daemon: number, ipcFile = 'naught.ipc', pidFile = 'naught.pid'): Promise<void> {
  await waitFor(() => !isAlive(daemon), 5_000, `daemon ${daemon} to exit after the stop`);
  await waitFor(() => processesWithCwdUnder(sandbox.dir).length === 0, 5_000, 'every process in the sandbox to end').catch(() => {
    throw new Error(`processes left in the sandbox after the stop:\n${describeProcesses(processesWithCwdUnder(sandbox.dir))}`);
  });
  if (sandbox.exists(ipcFile)) throw new Error(`${ipcFile} is left after a clean stop`);
  if (sandbox.exists(pidFile)) throw new Error(`${pidFile} is left after a clean stop`);
}

export function byNumber(a: number, b: number): number {
  return a - b;
}
