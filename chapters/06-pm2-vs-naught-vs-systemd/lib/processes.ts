/**
 * Small helpers shared by the chapter's examples, tests and measure.ts:
 * running commands without blocking the event loop (a load generator may run
 * in the same process), talking HTTP to 127.0.0.1, and reading /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';

export const CHAPTER_DIR = path.resolve(__dirname, '..');
export const REPO_ROOT = path.resolve(CHAPTER_DIR, '..', '..');
export const DEPLOY_DIR = path.join(CHAPTER_DIR, 'deploy');
export const REPO_NODE_MODULES = path.join(REPO_ROOT, 'node_modules');
/** naught-core's command, compiled (`make build`). */
export const NAUGHT_CLI = path.join(REPO_ROOT, 'naught-core', 'dist', 'cli', 'main.js');
export const PM2_CLI = path.join(REPO_NODE_MODULES, 'pm2', 'bin', 'pm2');

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Kill the command (SIGKILL, by its pid) and reject after this long. Default 60 s. */
  timeoutMs?: number;
}

/** Runs a command to its end, asynchronously; resolves with its exit code and output. */
export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const started = startProcess(command, args, options);
  const timeoutMs = options.timeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      started.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} did not finish within ${timeoutMs} ms\n${started.output()}`));
    }, timeoutMs);
    started.exited.then(
      ({ code, signal }) => {
        clearTimeout(timer);
        resolve({ code, signal, stdout: started.stdout(), stderr: started.stderr() });
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error as Error);
      },
    );
  });
}

export interface StartedProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Resolves when the process has exited and its output is closed. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stdout(): string;
  stderr(): string;
  /** stdout and stderr, for error messages. */
  output(): string;
  /** Sends a signal to this process only (by pid), if it is still running. */
  kill(signal: NodeJS.Signals): void;
}

/** Starts a command in the background, collecting its output. */
export function startProcess(command: string, args: readonly string[], options: RunOptions = {}): StartedProcess {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let running = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      running = false;
      resolve({ code, signal });
    });
  });
  exited.catch(() => undefined);
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  const pid = child.pid;
  return {
    child,
    pid,
    exited,
    stdout: () => stdout,
    stderr: () => stderr,
    output: () => `stdout:\n${stdout}\nstderr:\n${stderr}`,
    kill(signal) {
      if (!running) return;
      try {
        process.kill(pid, signal);
      } catch {
        // already gone
      }
    },
  };
}

export { freePort } from '../../shared/processes';

export interface Answer {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

/** One GET to 127.0.0.1 on a fresh connection (no keep-alive agent), with a timeout. */
export function get(port: number, urlPath: string, timeoutMs = 5000, agent: http.Agent | false = false): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: urlPath, agent, timeout: timeoutMs }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body, headers: response.headers }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`GET ${urlPath} timed out after ${timeoutMs} ms`)));
    request.on('error', reject);
  });
}

/** Polls `probe` every 100 ms until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** True while the process exists and is not a zombie (exited, waiting for its parent to reap it). */
export function isAlive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The state follows the command name in parentheses, which may itself contain ')'.
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** Resident memory of a process in kB (VmRSS in /proc/PID/status). */
export function rssKb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (match === null) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]);
}

/** The pids of the running (non-zombie) children of `pid`. */
export function childPids(pid: number): number[] {
  const children: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === pid && isAlive(Number(entry))) children.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return children.sort((a, b) => a - b);
}

/** Every live process whose working directory is `dir` or below it. */
export function processesIn(dir: string): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cwd = fs.readlinkSync(`/proc/${entry}/cwd`);
      if ((cwd === dir || cwd.startsWith(dir + path.sep)) && isAlive(Number(entry))) found.push(Number(entry));
    } catch {
      // gone, or not ours
    }
  }
  return found;
}

/** SIGKILL, by pid, whatever still runs with its working directory under `dir`. Returns the pids it killed. */
export function killProcessesIn(dir: string): number[] {
  const pids = processesIn(dir);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

export interface AppCopy {
  /** The temporary directory holding everything (remove it when done). */
  root: string;
  /** A copy of deploy/ with a node_modules link to the repository's packages. */
  appDir: string;
}

/**
 * Copies deploy/ (the app) into a fresh temporary directory and links the
 * repository's node_modules into it, as an installed app would have its own:
 * `require('express')` and `require('naught-core')` resolve from there.
 */
export function copyApp(prefix: string): AppCopy {
  // Short paths: unix socket paths (naught's ipc file, pm2's rpc.sock) are limited to 107 bytes.
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  const appDir = path.join(root, 'app');
  fs.cpSync(DEPLOY_DIR, appDir, { recursive: true });
  fs.symlinkSync(REPO_NODE_MODULES, path.join(appDir, 'node_modules'), 'dir');
  return { root, appDir };
}

/** Changes the RELEASE constant of the app copy's server.js, as a new release would. */
export function setRelease(appDir: string, release: string): void {
  const file = path.join(appDir, 'server.js');
  const source = fs.readFileSync(file, 'utf8');
  const changed = source.replace(/^const RELEASE = '[^']*';$/m, `const RELEASE = '${release}';`);
  if (changed === source && !source.includes(`const RELEASE = '${release}';`)) throw new Error(`no RELEASE constant in ${file}`);
  fs.writeFileSync(file, changed);
}

/** Replaces the app copy's server.js with a release that throws while it starts; returns a function that puts the good one back. */
export function breakRelease(appDir: string): () => void {
  const file = path.join(appDir, 'server.js');
  const good = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, "'use strict';\nthrow new Error('this release cannot start');\n");
  return () => fs.writeFileSync(file, good);
}

/** The DRAIN_TIMEOUT_MS constant of deploy/server.js: the other configurations are checked against it. */
export function drainTimeoutMs(): number {
  const match = /^const DRAIN_TIMEOUT_MS = (\d+);$/m.exec(fs.readFileSync(path.join(DEPLOY_DIR, 'server.js'), 'utf8'));
  if (match === null) throw new Error('no DRAIN_TIMEOUT_MS in deploy/server.js');
  return Number(match[1]);
}

/** Parses "hello from release v1, naught worker 0, pid 123". */
export function parseHello(body: string): { release: string; who: string; pid: number } {
  const match = /^hello from release (\S+), (.+), pid (\d+)\n$/.exec(body);
  if (match === null) throw new Error(`unexpected answer: ${JSON.stringify(body)}`);
  return { release: match[1] as string, who: match[2] as string, pid: Number(match[3]) };
}
