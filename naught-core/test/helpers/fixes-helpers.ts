/**
 * Small helpers for the tests of naught-core's fixes over naught 1.6.0, log
 * rotation through the CLI and deploys under load: where the fixtures find
 * their libraries, patterns and counts of the expected output, a clean-stop
 * check, and the census of this run's processes (socket owners, leftovers).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NAUGHT_CORE_ROOT, type Sandbox, isAlive, processesWithCwdUnder, sandboxDirsOfThisRun } from './naught';
import { cmdlineOf, cwdOf, expectNothingRunning, waitForDeath } from './processes';

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

export const EVENT_LINE = /^[A-Z][A-Za-z]+\. booting: \d+, online: \d+, dying: \d+, new_online: \d+$/;
export const STATUS_TEXT =
  /^(workers online: \d+\n|(booting|deploy in progress|shutting down)\nbooting: \d+, online: \d+, dying: \d+, new_online: \d+\n)$/;

/** Counts the lines of `text` that start with `prefix`. */
export function countLines(text: string, prefix: string): number {
  return text.split('\n').filter((line) => line.startsWith(prefix)).length;
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

/**
 * Live processes whose cwd is (or was, if since deleted) inside a sandbox this
 * test process created. Only its own: another suite running at the same time
 * on the machine has sandboxes of its own.
 */
export function processesInSandboxes(): number[] {
  return processesWithCwdUnder(os.tmpdir()).filter((pid) => {
    if (pid === process.pid || !isAlive(pid)) return false;
    const cwd = cwdOf(pid).replace(/ \(deleted\)$/, '');
    return [...sandboxDirsOfThisRun].some((dir) => cwd === dir || cwd.startsWith(`${dir}/`));
  });
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

/** The counts line of the status text (with its newline). */
export function counts(booting: number, online: number, dying: number, newOnline: number): string {
  return `booting: ${booting}, online: ${online}, dying: ${dying}, new_online: ${newOnline}\n`;
}

/**
 * After a stop: the daemon has exited, nothing runs in the sandbox any more,
 * and neither the ipc file nor the pid file is left.
 */
export async function assertStoppedClean(sandbox: Sandbox, daemon: number, ipcFile = 'naught.ipc', pidFile = 'naught.pid'): Promise<void> {
  await waitForDeath([daemon], `daemon ${daemon} to exit after the stop`, 5_000);
  await expectNothingRunning(sandbox, 5_000, 'processes left in the sandbox after the stop');
  if (sandbox.exists(ipcFile)) throw new Error(`${ipcFile} is left after a clean stop`);
  if (sandbox.exists(pidFile)) throw new Error(`${pidFile} is left after a clean stop`);
}

export function byNumber(a: number, b: number): number {
  return a - b;
}
