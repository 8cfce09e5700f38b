/**
 * The daemon's server: accepts clients on a unix socket, gives each its own
 * interface object, counts references, and closes itself (autoclose) when
 * nobody has held one for a while. autod() runs one in a spawned process;
 * createServer() and listen() let you run one in the foreground yourself.
 */
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { removePidFile, writePidFile } from '../daemon/pid-file';
import { AutodAlreadyRunningError } from './errors';
import { resolveServerOptions, socketPath, type AutodServerOptions, type ResolvedServerOptions } from './options';
import { listenOwnerOnly } from '../ipc/listen-owner-only';
import { RefCount } from './refcount';
import { Session } from './session';
import { clearStaleSocket } from './stale-socket';
import { StartLock } from './start-lock';
import type { CreateInterface } from './types';

/** How long close() lets clients finish reading before their connections are cut. */
const CLOSE_GRACE_MS = 1_000;

export interface AutodServerEvents {
  /** Listening, and the pid file (if any) written. */
  ready: [];
  /** A client connected. */
  connection: [session: net.Socket];
  /** The server stopped listening and every connection has closed. */
  close: [];
  error: [error: Error];
}

export class AutodServer extends EventEmitter<AutodServerEvents> {
  private readonly options: ResolvedServerOptions;
  private readonly server: net.Server;
  private readonly sessions = new Set<Session>();
  private readonly refCount: RefCount;
  private lock: StartLock | null = null;
  private sockfile: string | null = null;
  private pidfile: string | null = null;
  private closing: Promise<void> | null = null;
  private listenCalled = false;

  constructor(
    private readonly createInterface: CreateInterface,
    options: AutodServerOptions = {},
  ) {
    super();
    if (typeof createInterface !== 'function') throw new TypeError('createServer(createInterface, options): createInterface must be a function');
    this.options = resolveServerOptions(options, 'createServer()');
    this.refCount = new RefCount(this.options.autoclose, this.options.autocloseDelayMs, () => void this.close());
    this.server = net.createServer((socket) => this.accept(socket));
  }

  /** Connections plus the interfaces' 'ref's minus their 'unref's. */
  get refs(): number {
    return this.refCount.count;
  }

  get listening(): boolean {
    return this.server.listening;
  }

  /** The socket it listens on (absolute), or null. */
  get address(): string | null {
    return this.sockfile;
  }

  /**
   * Takes the start lock for `sockfile`, replaces a stale socket file, listens
   * (owner-only permissions), writes the pid file, then emits 'ready'. Rejects
   * with AutodAlreadyRunningError when a live daemon owns the path.
   */
  async listen(sockfileAsGiven: string, pidfileAsGiven: string | null = null): Promise<void> {
    if (this.listenCalled || this.closing !== null) throw new Error('an auto-daemon server listens once');
    this.listenCalled = true;
    const sockfile = socketPath({ sockfile: sockfileAsGiven });
    const pidfile = pidfileAsGiven === null ? null : path.resolve(pidfileAsGiven);
    await fs.promises.mkdir(path.dirname(sockfile), { recursive: true });
    const lock = await StartLock.acquire(sockfile);
    if (lock === null) throw new AutodAlreadyRunningError(sockfile);
    try {
      await clearStaleSocket(sockfile);
      await this.bind(sockfile).catch((error: NodeJS.ErrnoException) => {
        // someone bound the path since we looked (possible only where the lock is a no-op)
        throw error.code === 'EADDRINUSE' ? new AutodAlreadyRunningError(sockfile) : error;
      });
      if (pidfile !== null) await writePidFile(pidfile);
    } catch (error) {
      if (this.server.listening) this.server.close();
      lock.release();
      throw error;
    }
    this.lock = lock;
    this.sockfile = sockfile;
    this.pidfile = pidfile;
    this.refCount.start();
    this.emit('ready');
  }

  /**
   * Stops accepting clients, removes the socket and pid files, lets the
   * connected clients read what was already answered, then closes their
   * connections (cut after a second). Resolves once all are closed; 'close'
   * is emitted then. A new client from now on starts a new daemon.
   */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    this.refCount.stop();
    // Stop listening first (Node unlinks the socket file), then let the next daemon start.
    const stopped = new Promise<void>((resolve) => (this.server.listening ? this.server.close(() => resolve()) : resolve()));
    this.lock?.release();
    if (this.pidfile !== null) removePidFile(this.pidfile);
    const sessions = [...this.sessions];
    for (const session of sessions) session.end();
    const cut = setTimeout(() => sessions.forEach((session) => session.destroy()), CLOSE_GRACE_MS);
    await stopped;
    clearTimeout(cut);
    this.emit('close');
  }

  private async bind(sockfile: string): Promise<void> {
    await listenOwnerOnly(this.server, sockfile);
    this.server.on('error', (error) => this.emit('error', error));
  }

  private accept(socket: net.Socket): void {
    if (this.closing !== null) {
      socket.destroy();
      return;
    }
    let iface: object | Error;
    try {
      const created = this.createInterface(this, socket, this.options.args) as unknown;
      iface = typeof created === 'object' && created !== null ? created : new TypeError('the interface factory did not return an object');
    } catch (error) {
      iface = error instanceof Error ? error : new Error(String(error));
    }
    const session = new Session(socket, iface, this.refCount);
    this.sessions.add(session);
    socket.once('close', () => this.sessions.delete(session));
    this.emit('connection', socket);
  }
}

/** The manual's `createServer(createIface, opts)`: a server that you listen yourself. */
export function createAutodServer(createInterface: CreateInterface, options: AutodServerOptions = {}): AutodServer {
  return new AutodServer(createInterface, options);
}
