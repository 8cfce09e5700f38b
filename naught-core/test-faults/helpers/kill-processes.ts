/**
 * The processes of a fault test, by PID: a process tree as it is now, the
 * SIGKILL, the orphan census afterwards, and waits for worker counts.
 *
 * Who is who in naught-core: the cluster master (the `cluster` primary that
 * forks the workers) runs inside the daemon process. In daemon mode that is
 * the detached `node dist/daemon/main.js` named by the pid file; in
 * foreground mode (`--daemon-mode false`) it is the `naught start` CLI process
 * itself, whose pid the pid file then holds. Killing "the master" and killing
 * "the daemon" is therefore one SIGKILL of one process per mode; the suite
 * covers both modes, and the CLI commands as a third kind of process.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { descendantsOf, isAlive, processesWithCwdUnder, waitFor, type Sandbox } from '../../test/helpers/naught';

/** A process and all its descendants, as they are now. */
export function treeOf(pid: number): number[] {
  return [pid, ...descendantsOf(pid)];
}

export function sigkill(pid: number): void {
  process.kill(pid, 'SIGKILL');
}

/**
 * Which of `pids` (a tree seen before the fault) and, given a sandbox, of the
 * processes running with their cwd in it, are still alive once `timeoutMs`
 * has passed (returns as soon as none is). [] means nothing was orphaned.
 * Pass null for the sandbox when a new server already runs in it.
 */
export async function orphansAfter(pids: readonly number[], sandbox: Sandbox | null, timeoutMs = 10_000): Promise<number[]> {
  const inSandbox = (): number[] => (sandbox === null ? [] : processesWithCwdUnder(sandbox.dir).filter(isAlive));
  const survivors = (): number[] => [...new Set([...pids.filter(isAlive), ...inSandbox()])];
  await waitFor(() => survivors().length === 0, timeoutMs, 'the killed tree to end').catch(() => undefined);
  return survivors();
}

/** Waits until `daemon` has exactly `count` workers, and returns them. */
export async function waitForWorkerCount(daemon: number, count: number, timeoutMs = 20_000): Promise<number[]> {
  let workers: number[] = [];
  await waitFor(() => (workers = descendantsOf(daemon)).length === count, timeoutMs, `${count} workers under ${daemon}`);
  return workers;
}

/** Waits until `root` and its descendants are `size` processes, and returns them. */
export async function waitForTree(root: number, size: number, what: string, timeoutMs = 5_000): Promise<number[]> {
  let tree: number[] = [];
  await waitFor(() => (tree = treeOf(root)).length === size, timeoutMs, what);
  return tree;
}

/** Waits until `daemon` has `count` workers besides `oldWorkers`, and returns those new ones. */
export async function waitForNewWorkers(daemon: number, oldWorkers: readonly number[], count: number, timeoutMs = 5_000): Promise<number[]> {
  let found: number[] = [];
  await waitFor(() => (found = descendantsOf(daemon).filter((pid) => !oldWorkers.includes(pid))).length === count, timeoutMs, `${count} new workers`);
  return found;
}

/** The process group of `pid` (field 5 of /proc/PID/stat, read past the command name), or null once it is gone. */
export function processGroupOf(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
  } catch {
    return null;
  }
}

/**
 * What a recovery start ended of dead daemon `daemon`'s process group, from
 * its naught log line `leftovers of dead daemon D ended: P (SIGTERM), ...`
 * ([] when there is no such line).
 */
export function leftoversEnded(logLines: readonly string[], daemon: number): Array<{ pid: number; signal: string }> {
  const prefix = `leftovers of dead daemon ${daemon} ended: `;
  const line = logLines.find((entry) => entry.startsWith(prefix));
  if (line === undefined) return [];
  return line
    .slice(prefix.length)
    .split(', ')
    .map((part) => {
      const match = /^(\d+) \((.+)\)$/.exec(part);
      assert.ok(match !== null, `a leftover entry: ${part}`);
      return { pid: Number(match[1]), signal: match[2] as string };
    });
}

/** NAUGHT_WORKER of a live worker, from its environment. */
export function workerIndexOf(pid: number): string | null {
  try {
    const entry = fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').find((item) => item.startsWith('NAUGHT_WORKER='));
    return entry === undefined ? null : entry.slice('NAUGHT_WORKER='.length);
  } catch {
    return null;
  }
}
