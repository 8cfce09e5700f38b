/**
 * Part B of the fault suite: starting a server in a sandbox, checking that
 * the daemon still does its job after a fault (status answers, a deploy
 * replaces every worker, a stop leaves nothing behind), and reading the
 * daemon's memory and open files from /proc.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { collect, descendantsOf, isAlive, NAUGHT_BIN, type RunResult, type Sandbox, waitFor } from '../../test/helpers/naught';
import { bootLines, deployLines, ev, stopLines, text } from '../../test/helpers/expected-output';
import { daemonPid } from '../../test/helpers/processes';
import { assertStoppedClean, byNumber, processesOfThisRun } from '../../test/helpers/fixes-helpers';

export const FB_FIXTURES = path.resolve(__dirname, '..', 'fixtures');

/** Copies test-faults/fixtures/NAME into the sandbox as `as`. */
export function useFbFixture(sandbox: Sandbox, name: string, as = 'server.js'): string {
  const target = sandbox.path(as);
  fs.copyFileSync(path.join(FB_FIXTURES, name), target);
  return target;
}

/**
 * `naught start --worker-count N ...extra server.js`, checked line by line;
 * returns the daemon's pid once the boot's last line is in the naught log
 * (the daemon writes its log in the background; `naughtLog: null` skips the wait).
 */
export async function startServer(
  sandbox: Sandbox,
  workers: number,
  env: NodeJS.ProcessEnv,
  extra: string[] = [],
  pidFile = sandbox.path('naught.pid'),
  naughtLog: string | null = 'naught.log',
): Promise<number> {
  const start = await sandbox.naught(['start', '--worker-count', String(workers), ...extra, 'server.js'], { env, timeoutMs: 60_000, pidFile });
  const daemon = daemonPid(sandbox, pidFile);
  assert.deepStrictEqual(start, { stdout: `workers online: ${workers}\n`, stderr: text(...bootLines(workers)), code: 0, signal: null });
  if (naughtLog !== null) await waitForLogEnd(sandbox, naughtLog, ev('Ready', 0, workers, 0, 0));
  return daemon;
}

/** Waits until the log's last line is `line`. */
export async function waitForLogEnd(sandbox: Sandbox, logFile: string, line: string): Promise<void> {
  await waitFor(() => sandbox.exists(logFile) && sandbox.read(logFile).endsWith(`${line}\n`), 15_000, `${logFile} to end with ${line}`);
}

/**
 * `naught start` with the open-files limit lowered to `limit` (the daemon and
 * its workers inherit it): 1024 is the usual default soft limit on Linux.
 */
export async function startServerWithFdLimit(sandbox: Sandbox, limit: number, workers: number, env: NodeJS.ProcessEnv): Promise<number> {
  const args = ['start', '--worker-count', String(workers), 'server.js'];
  const child = spawn('sh', ['-c', 'ulimit -n "$0" && exec "$@"', String(limit), process.execPath, NAUGHT_BIN, ...args], {
    cwd: sandbox.dir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const start = await collect(child, 60_000, args);
  const daemon = daemonPid(sandbox);
  assert.deepStrictEqual(start, { stdout: `workers online: ${workers}\n`, stderr: text(...bootLines(workers)), code: 0, signal: null });
  assert.match(fs.readFileSync(`/proc/${daemon}/limits`, 'utf8'), new RegExp(`^Max open files\\s+${limit}\\s`, 'm'), 'the daemon runs under the lowered limit');
  await waitForLogEnd(sandbox, 'naught.log', ev('Ready', 0, workers, 0, 0));
  return daemon;
}

/** The daemon's workers, sorted. */
export function workersOf(daemon: number): number[] {
  return descendantsOf(daemon).sort(byNumber);
}

/**
 * The daemon still does its job: it runs, `naught status` answers with the
 * worker count, and a deploy replaces every worker with the expected output.
 * Returns the new workers.
 */
export async function assertDaemonServes(
  sandbox: Sandbox,
  daemon: number,
  workers: number,
  env: NodeJS.ProcessEnv,
  ipcFile?: string,
  logFile = 'naught.log',
): Promise<number[]> {
  assert.ok(isAlive(daemon), `the daemon ${daemon} still runs`);
  const ipcArgs = ipcFile === undefined ? [] : [ipcFile];
  const status = await sandbox.naught(['status', ...ipcArgs], { timeoutMs: 30_000 });
  assert.deepStrictEqual(status, { stdout: `workers online: ${workers}\n`, stderr: '', code: 0, signal: null }, 'status answers');
  const before = workersOf(daemon);
  const deploy = await sandbox.naught(['deploy', ...ipcArgs], { env, timeoutMs: 60_000 });
  assert.deepStrictEqual(deploy, { stdout: '', stderr: text(...deployLines(workers, workers), 'done'), code: 0, signal: null }, 'a deploy works');
  const after = workersOf(daemon);
  assert.equal(after.length, workers, `${workers} workers after the deploy: ${after.join(', ')}`);
  assert.ok(after.every((pid) => !before.includes(pid)), `the deploy replaced every worker (${before.join(', ')} -> ${after.join(', ')})`);
  // The daemon writes its log in the background: let the deploy's last line land before anyone reads the log.
  await waitForLogEnd(sandbox, logFile, ev('Ready', 0, workers, 0, 0));
  return after;
}

/** `naught stop`, checked, then nothing of the server is left (process, socket, pid file). */
export async function stopClean(sandbox: Sandbox, daemon: number, workers: number): Promise<void> {
  const stop = await sandbox.naught(['stop'], { timeoutMs: 60_000 });
  assert.deepStrictEqual(stop, { stdout: '', stderr: text(...stopLines(workers)), code: 0, signal: null } satisfies RunResult, 'stop');
  await assertStoppedClean(sandbox, daemon);
}

/** Processes of this test run still alive whose working directory is inside the sandbox (0 after a clean stop). */
export function orphansIn(sandbox: Sandbox): number {
  return processesOfThisRun().filter((pid) => {
    try {
      return fs.readlinkSync(`/proc/${pid}/cwd`).startsWith(sandbox.dir);
    } catch {
      return false;
    }
  }).length;
}

/** Resident memory of a process, in KiB (VmRSS). */
export function rssKib(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  assert.ok(match, `no VmRSS for ${pid}`);
  return Number(match[1]);
}

/** Open file descriptors of a process. */
export function openFds(pid: number): number {
  return fs.readdirSync(`/proc/${pid}/fd`).length;
}

/** The lines of the naught log (or another sandbox file) that start with `prefix`. */
export function linesStartingWith(sandbox: Sandbox, file: string, prefix: string): string[] {
  return sandbox
    .read(file)
    .split('\n')
    .filter((line) => line.startsWith(prefix));
}
