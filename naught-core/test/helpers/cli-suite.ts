/**
 * Small helpers shared by the black-box CLI suite (test/cli/*.test.ts): event
 * lines as the spec prints them, whole-result assertions, and a CLI process
 * whose output can be watched while it runs.
 */
import * as assert from 'node:assert/strict';
import { fork, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import {
  collect,
  descendantsOf,
  isAlive,
  NAUGHT_BIN,
  processesWithCwdUnder,
  type RunResult,
  type Sandbox,
  sleep,
  spawnNaught,
  waitFor,
} from './naught';

/** One event line: `<Event>. booting: B, online: O, dying: D, new_online: N`. */
export function ev(name: string, booting: number, online: number, dying: number, newOnline: number): string {
  return `${name}. booting: ${booting}, online: ${online}, dying: ${dying}, new_online: ${newOnline}`;
}

/** Lines joined, each ending with a newline (the empty list gives ''). */
export function text(...lines: string[]): string {
  return lines.map((line) => `${line}\n`).join('');
}

/** What `naught start` prints on stderr while N workers boot (everything up to the last NewOnline). */
export function bootLines(n: number): string[] {
  const lines = [ev('Bootup', 0, 0, 0, 0)];
  for (let i = 1; i <= n; i += 1) lines.push(ev('SpawnNew', i, 0, 0, 0));
  for (let i = 1; i <= n; i += 1) lines.push(ev('NewOnline', n - i, 0, 0, i));
  return lines;
}

/** A deploy of N new workers over M old ones, up to the last OldExit. */
export function deployLines(newCount: number, oldCount: number): string[] {
  const lines: string[] = [];
  for (let i = 1; i <= newCount; i += 1) lines.push(ev('SpawnNew', i, oldCount, 0, 0));
  for (let i = 1; i <= newCount; i += 1) lines.push(ev('NewOnline', newCount - i, oldCount, 0, i));
  for (let i = 1; i <= oldCount; i += 1) lines.push(ev('ShutdownOld', 0, oldCount - i, i, newCount));
  for (let i = 1; i <= oldCount; i += 1) lines.push(ev('OldExit', 0, 0, oldCount - i, newCount));
  return lines;
}

/** A stop of M online workers: ShutdownOld ×M then OldExit ×M. */
export function stopLines(m: number): string[] {
  const lines: string[] = [];
  for (let i = 1; i <= m; i += 1) lines.push(ev('ShutdownOld', 0, m - i, i, 0));
  for (let i = 1; i <= m; i += 1) lines.push(ev('OldExit', 0, 0, m - i, 0));
  return lines;
}

export const ready = (n: number): string => ev('Ready', 0, n, 0, 0);
export const SHUTDOWN_LINE = ev('Shutdown', 0, 0, 0, 0);
export const DEPLOY_FAILED = "Deploy failed. Check stderr.log and usage of 'online' and 'shutdown' events.";
export const CRASHED_AT_BOOT = 'The server crashed without booting. Check stderr.log.';

/** Asserts a command's whole outcome at once, so a failure shows every stream. */
export function expectRun(actual: RunResult, expected: { stdout: string; stderr: string; code: number }, what = ''): void {
  assert.deepStrictEqual(
    { stdout: actual.stdout, stderr: actual.stderr, code: actual.code, signal: actual.signal },
    { ...expected, signal: null },
    what,
  );
}

/** A CLI process whose stdout/stderr can be watched while it runs. */
export class LiveRun {
  stdout = '';
  stderr = '';
  readonly result: Promise<RunResult>;

  constructor(
    readonly child: ChildProcess,
    readonly label: string[],
    timeoutMs = 30_000,
  ) {
    this.result = collect(child, timeoutMs, label);
    // Marks the promise handled; the tests await it themselves.
    this.result.catch(() => undefined);
    child.stdout?.on('data', (data: string) => (this.stdout += data));
    child.stderr?.on('data', (data: string) => (this.stderr += data));
  }

  static naught(sandbox: Sandbox, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): LiveRun {
    const child = spawnNaught(args, { cwd: options.cwd ?? sandbox.dir, env: options.env ?? {} });
    return new LiveRun(child, args, options.timeoutMs);
  }

  /** Waits until stderr contains `fragment` `times` times. */
  async waitForStderr(fragment: string, times = 1, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.stderr.split(fragment).length - 1 < times) {
      if (Date.now() > deadline) {
        throw new Error(`naught ${this.label.join(' ')}: stderr never contained ${JSON.stringify(fragment)} x${times}\nstderr: ${this.stderr}\nstdout: ${this.stdout}`);
      }
      await sleep(20);
    }
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }
}

/**
 * Forks the CLI with an IPC channel, as a service wrapper would. Unlike
 * helpers/naught.ts's forkNaught, the child does not inherit this process's
 * node options (mocha runs with --import=tsx, which cannot be resolved from a
 * sandbox directory, so the forked CLI would die before running).
 */
export function forkCli(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): ChildProcess {
  return fork(NAUGHT_BIN, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    execArgv: [],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
}

/** Runs the CLI as user `nobody` (the caller makes the sandbox world-searchable). */
export function runNaughtAsNobody(sandbox: Sandbox, args: string[]): Promise<RunResult> {
  const child = spawn('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, NAUGHT_BIN, ...args], {
    cwd: sandbox.dir,
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return collect(child, 20_000, ['(as nobody)', ...args]);
}

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

/** Nothing runs in the sandbox any more (waits a little for exiting processes). */
export async function expectNothingRunning(sandbox: Sandbox, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = processesWithCwdUnder(sandbox.dir);
    if (left.length === 0) return;
    if (Date.now() > deadline) {
      const described = left.map((pid) => {
        try {
          return `${pid}: ${fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ')}`;
        } catch {
          return String(pid);
        }
      });
      assert.fail(`processes still running in the sandbox:\n${described.join('\n')}`);
    }
    await sleep(25);
  }
}

/** Waits until the file at `file` contains `fragment` `times` times; returns the content. */
export async function waitForFileContent(file: string, fragment: string, times = 1, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let content = '';
    try {
      content = fs.readFileSync(file, 'utf8');
    } catch {
      // not there yet
    }
    if (content.split(fragment).length - 1 >= times) return content;
    if (Date.now() > deadline) {
      throw new Error(`${file} never contained ${JSON.stringify(fragment)} x${times}; content:\n${content}`);
    }
    await sleep(25);
  }
}

/** The lines of a text, without the empty string after the final newline. */
export function linesOf(content: string): string[] {
  const lines = content.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Waits until the sorted lines of `file` equal `expected` (the daemon writes logs asynchronously), then asserts it. */
export async function expectSortedLines(file: string, expected: string[], timeoutMs = 5_000): Promise<void> {
  const read = (): string[] => {
    try {
      return linesOf(fs.readFileSync(file, 'utf8')).sort();
    } catch {
      return [];
    }
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && JSON.stringify(read()) !== JSON.stringify(expected)) await sleep(25);
  assert.deepStrictEqual(read(), expected, file);
}
