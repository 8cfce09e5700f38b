/**
 * Shared by the auto-daemon tests: a sandbox per test (a short directory
 * under os.tmpdir(), well within the 107-byte socket path limit) whose
 * cleanup SIGKILLs, by PID, every daemon the test started; client processes
 * run with plain node against the compiled library; and censuses of the
 * daemons running for a socket.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Readable, Transform } from 'node:stream';
import { pathToFileURL } from 'node:url';
import type { MethodSpec, Reply } from '../../src/autod';
import { FIXTURES, NAUGHT_CORE_ROOT, isAlive, useSandbox, waitFor, type Sandbox } from '../helpers/naught';
import { REPO_NODE_MODULES } from '../helpers/fixes-helpers';
import { cmdlineOf } from '../helpers/processes';

export const COUNTER = path.join(FIXTURES, 'autod-counter.js');
export const CLIENT = path.join(FIXTURES, 'autod-client.js');
export const NAUGHT_CORE_DIST = path.join(NAUGHT_CORE_ROOT, 'dist', 'index.js');

export interface DaemonInfo {
  pid: number;
  cwd: string;
  args: string[];
  refs: number;
  marker: string | null;
  wrapped: string | null;
  execArgv: string[];
}

/** The type of test/fixtures/autod-counter.js's interface (the fixture is plain JavaScript). */
export interface CounterApi {
  add(n: number, reply: Reply<number>): void;
  get(): Promise<number>;
  info(reply: Reply<DaemonInfo>): void;
  rejects(): Promise<never>;
  replyError(reply: Reply<void>): void;
  huge(reply: Reply<string>): void;
  slow(ms: number, reply: Reply<string>): void;
  log(text: string, reply: Reply<number>): void;
  hold(reply: Reply<number>): void;
  release(reply: Reply<number>): void;
  close(reply: Reply<string>): void;
  endSession(reply: Reply<void>): void;
  numbers(n: number): Readable;
  upper(): Transform;
  echo(): Transform;
  endless(): Readable;
  failing(): Readable;
  tail(): Readable;
}

export const COUNTER_METHODS = [
  'add', 'get', 'info', 'rejects', 'replyError', 'huge', 'slow', 'log', 'hold', 'release', 'close', 'endSession',
  'numbers:s', 'upper:s', 'echo:s', 'endless:s', 'failing:s', 'tail:s',
] as const satisfies ReadonlyArray<MethodSpec<CounterApi>>;

/**
 * Node options for daemons spawned by these in-process tests: the library runs
 * from source here, so its daemon entry is daemon-main.ts and needs tsx; an
 * absolute loader URL works whatever the daemon's cwd.
 */
export const TSX_EXEC_ARGV = ['--import', pathToFileURL(path.join(REPO_NODE_MODULES, 'tsx', 'dist', 'loader.mjs')).href];

export interface AutodContext {
  readonly sandbox: Sandbox;
  /** `<sandbox>/counter.sock` */
  readonly sockfile: string;
  /** Remembers a daemon for the afterEach cleanup (SIGKILL by PID if still alive). */
  track(pid: number | undefined): void;
}

/** Registers the per-test sandbox; every pid given to track() and every process left in the sandbox is killed after the test. */
export function useAutodSandbox(): AutodContext {
  const ctx = useSandbox();
  return {
    get sandbox() {
      return ctx.sandbox;
    },
    get sockfile() {
      return ctx.sandbox.path('counter.sock');
    },
    track(pid) {
      if (pid !== undefined) ctx.sandbox.trackPid(pid);
    },
  };
}

/** Live daemon processes (spawned by autod, from dist or from source) serving `sockfile`. */
export function daemonsFor(sockfile: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const cmdline = cmdlineOf(pid);
    if (/daemon-main\.(js|ts)/.test(cmdline) && cmdline.includes(JSON.stringify(sockfile)) && isAlive(pid)) pids.push(pid);
  }
  return pids;
}

export function readPid(pidfile: string): number | null {
  try {
    return Number(fs.readFileSync(pidfile, 'utf8').trim());
  } catch {
    return null;
  }
}

export async function waitForExit(pid: number, what: string, timeoutMs = 10_000): Promise<void> {
  await waitFor(() => !isAlive(pid), timeoutMs, what);
}

export interface ClientJob {
  options: Record<string, unknown>;
  calls?: unknown[][];
  barrier?: boolean;
  hold?: boolean;
}

export interface ClientRun {
  child: ChildProcess;
  stdout: string;
  stderr: string;
  /** Resolves when the process has exited and its output is read. */
  done: Promise<{ code: number | null; summary: ClientSummary }>;
}

export interface ClientSummary {
  ok: boolean;
  daemonPid?: number;
  spawned: number[];
  results?: unknown[];
  error?: { name: string; message: string };
}

/** Starts test/fixtures/autod-client.js (plain node, compiled library) in `cwd`. */
export function startClient(job: ClientJob, cwd: string, env: NodeJS.ProcessEnv = {}): ClientRun {
  const child = spawn(process.execPath, [CLIENT, JSON.stringify(job)], {
    cwd,
    env: { ...process.env, NODE_OPTIONS: '', AUTOD_NAUGHT_CORE: NAUGHT_CORE_DIST, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const run: ClientRun = {
    child,
    stdout: '',
    stderr: '',
    done: new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`client did not finish\nstdout: ${run.stdout}\nstderr: ${run.stderr}`));
      }, 30_000);
      child.once('error', reject);
      child.once('close', (code) => {
        clearTimeout(timer);
        const last = run.stdout.trim().split('\n').pop() ?? '';
        try {
          resolve({ code, summary: JSON.parse(last) as ClientSummary });
        } catch {
          reject(new Error(`client printed no summary (exit ${code})\nstdout: ${run.stdout}\nstderr: ${run.stderr}`));
        }
      });
    }),
  };
  child.stdout.setEncoding('utf8').on('data', (data: string) => (run.stdout += data));
  child.stderr.setEncoding('utf8').on('data', (data: string) => (run.stderr += data));
  return run;
}

/** For a `before` hook: the client fixture needs the compiled library; this does not build it. */
export function assertLibraryBuilt(): void {
  if (!fs.existsSync(path.join(NAUGHT_CORE_ROOT, 'dist', 'autod', 'daemon-main.js'))) {
    throw new Error('naught-core/dist/autod is missing: build naught-core first (from the repository root: node_modules/.bin/tsc -b naught-core)');
  }
}

/** A socket file with nothing listening: bound by a throwaway process, which is then SIGKILLed. */
export async function leaveStaleSocket(sockfile: string): Promise<void> {
  const child = spawn(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(sockfile)}, () => console.log('up'))`], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`the socket holder exited early (${code})`)));
  });
  child.removeAllListeners('exit');
  process.kill(child.pid as number, 'SIGKILL');
  await waitForExit(child.pid as number, 'the socket holder to die');
}
