/**
 * Shared by the worker tests: forking the fixture servers (plain node, loading
 * the compiled library), a raw keep-alive HTTP connection whose every byte and
 * close the test controls, and cleanup of everything started, by PID.
 */
import { fork, type ChildProcess, type Serializable } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { FIXTURES, NAUGHT_CORE_ROOT, isAlive, waitFor } from '../helpers/naught';

/** waitFor, typed for checks that return the value found or undefined. */
export async function waitForValue<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  return (await waitFor(check, timeoutMs, what)) as T;
}

export const WORKER_LIB = path.join(NAUGHT_CORE_ROOT, 'dist', 'worker', 'index.js');

/** For a `before` hook: the fixtures need the compiled library; this does not build it. */
export function assertLibraryBuilt(): void {
  if (!fs.existsSync(WORKER_LIB)) {
    throw new Error(`${WORKER_LIB} is missing: build naught-core first (from the repository root: node_modules/.bin/tsc -b naught-core)`);
  }
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** What worker-server.js reports: over IPC, or as WORKER-EVENT lines once IPC is gone. */
export interface WorkerEvent {
  event: string;
  pid: number;
  worker: string;
  [key: string]: unknown;
}

export function isWorkerEvent(value: unknown, event?: string): value is WorkerEvent {
  if (typeof value !== 'object' || value === null) return false;
  const name = (value as { event?: unknown }).event;
  return typeof name === 'string' && (event === undefined || name === event);
}

const startedPids = new Set<number>();
const openConnections = new Set<RawHttpConnection>();

/** Also for grandchildren (cluster workers) the test learns about. */
export function rememberPid(pid: number): void {
  startedPids.add(pid);
}

/** For afterEach: closes the test's connections and SIGKILLs every remembered process still alive. */
export async function cleanUp(): Promise<void> {
  for (const connection of openConnections) connection.destroy();
  openConnections.clear();
  const alive = [...startedPids].filter(isAlive);
  for (const pid of alive) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  await waitFor(() => alive.every((pid) => !isAlive(pid)), 5_000, 'test processes to end');
  startedPids.clear();
}

/** A forked fixture with everything it said: IPC messages, stdout, stderr, exit. */
export class ForkedProcess {
  readonly messages: unknown[] = [];
  stdout = '';
  stderr = '';
  exitStatus: ExitStatus | null = null;
  readonly exited: Promise<ExitStatus>;

  constructor(readonly child: ChildProcess) {
    if (child.pid === undefined) throw new Error('fork failed');
    rememberPid(child.pid);
    child.stdout?.setEncoding('utf8').on('data', (data: string) => (this.stdout += data));
    child.stderr?.setEncoding('utf8').on('data', (data: string) => (this.stderr += data));
    child.on('message', (message: unknown) => this.messages.push(message));
    // The fixture may exit while the test still writes to it.
    child.on('error', () => undefined);
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitStatus = { code, signal };
        resolve(this.exitStatus);
      });
    });
  }

  get pid(): number {
    return this.child.pid as number;
  }

  send(message: Serializable): void {
    this.child.send(message);
  }

  /** The first message (old or new) that passes `check`. */
  waitForMessage<T = unknown>(check: (message: unknown) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
    return waitForValue(() => this.messages.find(check) as T | undefined, timeoutMs, `${what}\nstdout: ${this.stdout}\nstderr: ${this.stderr}`);
  }

  async waitForExit(timeoutMs = 10_000): Promise<ExitStatus> {
    await waitFor(() => this.exitStatus, timeoutMs, `pid ${this.pid} to exit\nstdout: ${this.stdout}\nstderr: ${this.stderr}`);
    return this.exited;
  }

  /** WORKER-EVENT lines printed on stdout (cluster workers after disconnect). */
  stdoutEvents(): WorkerEvent[] {
    return this.stdout
      .split('\n')
      .filter((line) => line.startsWith('WORKER-EVENT '))
      .map((line) => JSON.parse(line.slice('WORKER-EVENT '.length)) as WorkerEvent);
  }
}

/** Forks test/fixtures/NAME with plain node (no tsx) and an IPC channel. */
export function forkFixture(name: string, env: NodeJS.ProcessEnv = {}): ForkedProcess {
  // Plain node (no tsx loader), and not under naught unless the test says so.
  const { NODE_OPTIONS: _options, NAUGHT_WORKER: _worker, ...inherited } = process.env;
  const child = fork(path.join(FIXTURES, name), [], {
    env: { ...inherited, NAUGHT_CORE_LIB: WORKER_LIB, ...env },
    execArgv: [],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  return new ForkedProcess(child);
}

export interface StartedServer {
  proc: ForkedProcess;
  port: number;
}

/** Forks worker-server.js and waits until it listens on 127.0.0.1 (port 0). */
export async function startServer(env: NodeJS.ProcessEnv = {}): Promise<StartedServer> {
  const proc = forkFixture('worker-server.js', env);
  const listening = await proc.waitForMessage<WorkerEvent>((message) => isWorkerEvent(message, 'listening'), 'the fixture to listen');
  return { proc, port: listening.port as number };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * One keep-alive HTTP/1.1 connection on a raw socket: requests are written
 * when the test says, responses parsed in order (Content-Length bodies only,
 * which is all the fixtures send), and the close is observed exactly.
 */
export class RawHttpConnection {
  /** The server closed its side (FIN) or reset the connection. */
  endedByServer = false;
  closedAt: number | null = null;
  error: Error | null = null;
  readonly closed: Promise<void>;
  private buffer = Buffer.alloc(0);
  private readonly responses: RawResponse[] = [];
  private readonly waiting: { resolve: (response: RawResponse) => void; reject: (error: Error) => void }[] = [];

  private constructor(readonly socket: net.Socket) {
    openConnections.add(this);
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.parse();
    });
    socket.on('end', () => {
      this.endedByServer = true;
    });
    socket.on('error', (error) => {
      this.error = error;
      this.endedByServer = true;
    });
    this.closed = new Promise((resolve) => {
      socket.once('close', () => {
        this.closedAt = Date.now();
        openConnections.delete(this);
        for (const waiter of this.waiting.splice(0)) waiter.reject(new Error('connection closed before the response came'));
        resolve();
      });
    });
  }

  static async open(port: number): Promise<RawHttpConnection> {
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new RawHttpConnection(socket);
  }

  get isClosed(): boolean {
    return this.closedAt !== null;
  }

  /** Writes a GET; HTTP/1.1, so the connection stays open unless told otherwise. */
  send(urlPath: string): void {
    this.socket.write(`GET ${urlPath} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
  }

  nextResponse(timeoutMs = 5_000): Promise<RawResponse> {
    const ready = this.responses.shift();
    if (ready) return Promise.resolve(ready);
    if (this.isClosed) return Promise.reject(new Error('connection closed before the response came'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no response within ${timeoutMs} ms`)), timeoutMs);
      this.waiting.push({
        resolve: (response) => {
          clearTimeout(timer);
          resolve(response);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
    });
  }

  get(urlPath: string): Promise<RawResponse> {
    this.send(urlPath);
    return this.nextResponse();
  }

  destroy(): void {
    this.socket.destroy();
  }

  private parse(): void {
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end === -1) return;
      const [statusLine = '', ...headerLines] = this.buffer.subarray(0, end).toString('latin1').split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of headerLines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const length = Number(headers['content-length']);
      if (!Number.isInteger(length)) throw new Error(`response without Content-Length: ${statusLine}`);
      if (this.buffer.length < end + 4 + length) return;
      const body = this.buffer.subarray(end + 4, end + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(end + 4 + length);
      const response: RawResponse = { status: Number(statusLine.split(' ')[1]), headers, body };
      const waiter = this.waiting.shift();
      if (waiter) waiter.resolve(response);
      else this.responses.push(response);
    }
  }
}

export interface ClusterWorker {
  pid: number;
  port: number;
}

/** What worker-cluster-primary.js relays about one worker. */
interface Relayed {
  from: number;
  pid: number;
  message?: unknown;
  exit?: ExitStatus;
  disconnected?: boolean;
  forked?: boolean;
}

function isRelayed(value: unknown, index: number): value is Relayed {
  return typeof value === 'object' && value !== null && (value as { from?: unknown }).from === index;
}

/**
 * A tiny naught-like master (worker-cluster-primary.js) running
 * worker-server.js workers with cluster.fork, so that they share one port
 * and are shut down as naught does it: 'shutdown', then worker.disconnect().
 */
export class ClusterPrimary {
  private constructor(readonly proc: ForkedProcess) {}

  static async start(): Promise<ClusterPrimary> {
    const proc = forkFixture('worker-cluster-primary.js', { WORKER_FIXTURE: path.join(FIXTURES, 'worker-server.js') });
    await proc.waitForMessage((message) => typeof message === 'object' && message !== null && 'ready' in message, 'the cluster primary to start');
    return new ClusterPrimary(proc);
  }

  async forkWorker(index: number, env: NodeJS.ProcessEnv = {}): Promise<ClusterWorker> {
    this.proc.send({ cmd: 'fork', index, env });
    const forked = await this.proc.waitForMessage<Relayed>((message) => isRelayed(message, index) && message.forked === true, `worker ${index} to fork`);
    rememberPid(forked.pid);
    const listening = await this.waitForEvent(index, 'listening');
    return { pid: forked.pid, port: listening.port as number };
  }

  /** What naught's master does to an old worker. */
  shutdown(index: number): void {
    this.proc.send({ cmd: 'shutdown', index });
  }

  /** The worker's events: relayed over IPC, then printed once cluster's disconnect closed IPC. */
  events(index: number): WorkerEvent[] {
    const relayed = this.relayed(index)
      .map((entry) => entry.message)
      .filter((message): message is WorkerEvent => isWorkerEvent(message));
    return [...relayed, ...this.proc.stdoutEvents().filter((event) => event.worker === String(index))];
  }

  /** Every message the worker sent over IPC, strings ('online', 'offline') included. */
  messages(index: number): unknown[] {
    return this.relayed(index)
      .filter((entry) => 'message' in entry)
      .map((entry) => entry.message);
  }

  waitForEvent(index: number, event: string, timeoutMs = 10_000): Promise<WorkerEvent> {
    return waitForValue(() => this.events(index).find((candidate) => candidate.event === event), timeoutMs, `worker ${index} to report ${event}\n${this.proc.stdout}\n${this.proc.stderr}`);
  }

  disconnected(index: number): boolean {
    return this.relayed(index).some((entry) => entry.disconnected === true);
  }

  async waitForExit(index: number, timeoutMs = 10_000): Promise<ExitStatus> {
    const entry = await waitForValue(() => this.relayed(index).find((candidate) => candidate.exit !== undefined), timeoutMs, `worker ${index} to exit\n${this.proc.stdout}\n${this.proc.stderr}`);
    return entry.exit as ExitStatus;
  }

  private relayed(index: number): Relayed[] {
    return this.proc.messages.filter((message): message is Relayed => isRelayed(message, index));
  }
}
