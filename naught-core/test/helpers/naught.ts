/**
 * Drives the real `naught` binary as a black box, in temporary directories,
 * and cleans up every process it started by PID (never by name).
 */
import { spawn, type ChildProcess, fork, type ForkOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { descendantsOf, freePort, isAlive } from '../../bench/processes';

// One copy of the /proc and port helpers, shared with the bench (which the tests already use for load).
export { descendantsOf, freePort, isAlive };

export const NAUGHT_CORE_ROOT = path.resolve(__dirname, '..', '..');
export const NAUGHT_BIN = path.join(NAUGHT_CORE_ROOT, 'dist', 'cli', 'main.js');
export const FIXTURES = path.resolve(__dirname, '..', 'fixtures');

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunOptions {
  cwd: string;
  /** Added over the test process's environment. */
  env?: NodeJS.ProcessEnv;
  /** Kill the command (SIGKILL) and fail if it runs longer than this. */
  timeoutMs?: number;
}

/** Runs `naught ARGS` to completion and collects its output. */
export function runNaught(args: string[], options: RunOptions): Promise<RunResult> {
  const child = spawnNaught(args, options);
  return collect(child, options.timeoutMs ?? 20_000, args);
}

/** Starts `naught ARGS` without waiting (for Ctrl+C tests and the like). */
export function spawnNaught(args: string[], options: RunOptions): ChildProcess {
  return spawn(process.execPath, [NAUGHT_BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Forks the CLI with an IPC channel, as a service wrapper or 1.6.0's own tests do. */
export function forkNaught(args: string[], options: RunOptions & Pick<ForkOptions, 'stdio'>): ChildProcess {
  return fork(NAUGHT_BIN, args, {
    // not mocha's --import=tsx: the CLI is plain JavaScript and runs where tsx cannot be found
    execArgv: [],
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: options.stdio ?? ['ignore', 'pipe', 'pipe', 'ipc'],
  });
}

export function collect(child: ChildProcess, timeoutMs: number, label: string[] = []): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (data: string) => (stdout += data));
  child.stderr?.setEncoding('utf8').on('data', (data: string) => (stderr += data));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`naught ${label.join(' ')} did not finish within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code, signal });
    });
  });
}

/** A naught command running in the background whose output can be watched as it comes. */
export class LiveRun {
  stdout = '';
  stderr = '';
  readonly result: Promise<RunResult>;
  /** The command has exited and all its output has been read. */
  private ended = false;

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
    child.once('close', () => (this.ended = true));
  }

  /** Starts `naught ARGS` in the sandbox (or in `cwd`) without waiting. */
  static naught(sandbox: Sandbox, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): LiveRun {
    const child = spawnNaught(args, { cwd: options.cwd ?? sandbox.dir, env: options.env ?? {} });
    return new LiveRun(child, args, options.timeoutMs);
  }

  /** Waits until stderr contains `fragment`; fails at once if the command ends first. */
  async waitForStderr(fragment: string, what = `stderr to contain ${JSON.stringify(fragment)}`, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.stderr.includes(fragment)) {
      if (this.ended || Date.now() > deadline) {
        const outcome = this.ended ? `exited (${this.child.exitCode ?? this.child.signalCode})` : `timed out after ${timeoutMs} ms`;
        throw new Error(`naught ${this.label.join(' ')} ${outcome} before ${what}\nstderr: ${this.stderr}\nstdout: ${this.stdout}`);
      }
      await sleep(20);
    }
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }
}

export interface HttpResponse {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

/** One GET on a fresh connection (no keep-alive), to 127.0.0.1 only. */
export function httpGet(port: number, urlPath: string, timeoutMs = 5_000): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: urlPath, agent: false, timeout: timeoutMs }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (data: string) => (body += data));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body, headers: response.headers }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`GET ${urlPath} timed out`)));
    request.on('error', reject);
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it returns a truthy value or the time runs out. */
export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** PIDs of live processes whose working directory lies inside `dir` (a read-only census). */
export function processesWithCwdUnder(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cwd = fs.readlinkSync(`/proc/${entry}/cwd`);
      if (cwd === dir || cwd.startsWith(dir + path.sep)) pids.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids.filter((pid) => pid !== process.pid);
}

const liveSandboxes = new Set<Sandbox>();

/**
 * A temporary directory holding one test's server, logs and ipc files. It
 * remembers every daemon started in it (from pid files) and, on cleanup, stops
 * them and kills whatever is left of their process trees, by PID.
 */
/** Every sandbox directory this test process created, kept after cleanup: the leftovers census looks only there. */
export const sandboxDirsOfThisRun = new Set<string>();

export class Sandbox {
  private readonly daemonPids = new Set<number>();

  private constructor(readonly dir: string) {}

  static async create(prefix = 'naught-test-'): Promise<Sandbox> {
    const dir = await fs.promises.realpath(await fs.promises.mkdtemp(path.join(os.tmpdir(), prefix)));
    const sandbox = new Sandbox(dir);
    liveSandboxes.add(sandbox);
    sandboxDirsOfThisRun.add(dir);
    return sandbox;
  }

  path(...parts: string[]): string {
    return path.join(this.dir, ...parts);
  }

  /** Copies test/fixtures/NAME into the sandbox (as `server.js` unless told otherwise). */
  useFixture(name: string, as = 'server.js'): string {
    const target = this.path(as);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(path.join(FIXTURES, name), target);
    return target;
  }

  read(relative: string): string {
    return fs.readFileSync(this.path(relative), 'utf8');
  }

  exists(relative: string): boolean {
    return fs.existsSync(this.path(relative));
  }

  /** Runs naught in the sandbox; remembers the daemon named by the pid file, if any. */
  async naught(args: string[], options: Omit<RunOptions, 'cwd'> & { cwd?: string; pidFile?: string } = {}): Promise<RunResult> {
    const result = await runNaught(args, { ...options, cwd: options.cwd ?? this.dir });
    this.rememberDaemon(options.pidFile ?? this.path('naught.pid'));
    return result;
  }

  rememberDaemon(pidFile: string): number | null {
    try {
      const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0) {
        this.daemonPids.add(pid);
        return pid;
      }
    } catch {
      // no pid file: no daemon running from it
    }
    return null;
  }

  trackPid(pid: number): void {
    this.daemonPids.add(pid);
  }

  /** Kills every remembered daemon's tree and anything still running inside the sandbox. */
  async cleanup(): Promise<void> {
    const victims = new Set<number>();
    for (const pid of this.daemonPids) {
      if (!isAlive(pid)) continue;
      victims.add(pid);
      for (const child of descendantsOf(pid)) victims.add(child);
    }
    for (const pid of processesWithCwdUnder(this.dir)) victims.add(pid);
    for (const pid of victims) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await waitFor(() => [...victims].every((pid) => !isAlive(pid)), 5_000, 'sandbox processes to end');
    liveSandboxes.delete(this);
    await fs.promises.rm(this.dir, { recursive: true, force: true });
  }
}

/** Cleans up sandboxes a failed test left behind. */
export async function cleanupAllSandboxes(): Promise<void> {
  for (const sandbox of [...liveSandboxes]) await sandbox.cleanup();
}

/** What `useSandbox` gives a suite: the running test's sandbox and a free port. */
export interface SandboxContext {
  readonly sandbox: Sandbox;
  readonly port: number;
}

/**
 * Registers mocha hooks on the calling suite: before each test, a fresh
 * sandbox and a free loopback port; after it, the sandbox's cleanup. The
 * returned getters give the running test's sandbox and port.
 */
export function useSandbox(): SandboxContext {
  let sandbox: Sandbox | null = null;
  let port: number | null = null;
  beforeEach(async function createSandbox() {
    sandbox = await Sandbox.create();
    port = await freePort();
  });
  afterEach(async function cleanupSandbox() {
    const finished = sandbox;
    sandbox = null;
    port = null;
    await finished?.cleanup();
  });
  return {
    get sandbox(): Sandbox {
      if (sandbox === null) throw new Error('useSandbox: the sandbox exists only while a test runs');
      return sandbox;
    },
    get port(): number {
      if (port === null) throw new Error('useSandbox: the port exists only while a test runs');
      return port;
    },
  };
}
