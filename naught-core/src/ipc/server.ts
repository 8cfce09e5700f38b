/**
 * The daemon's side of the ipc socket: any number of clients at once (naught
 * 1.6.0 dropped the previous client whenever a new one connected), replies to
 * one client, broadcasts to the clients that asked to follow events.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import { encodeFrame, FrameDecoder } from './framing';
import { listenOwnerOnly } from './listen-owner-only';

/** A client that stops reading is cut off rather than allowed to grow our memory. */
const MAX_CLIENT_BACKLOG = 1024 * 1024;
/** How long a request with no answer yet holds up the next request of the same client. */
const ANSWER_WAIT_MS = 1_000;

export interface IpcClient {
  readonly id: number;
  /** Whether the client receives broadcasts (it asked for a deploy, a stop, an abort). */
  subscribed: boolean;
  send(message: unknown): void;
  end(): void;
}

export interface IpcServerHandlers {
  onMessage(client: IpcClient, message: unknown): void;
  onProtocolError(client: IpcClient, reason: string): void;
  /** A connection was turned away (too many open); called once per run of refusals. */
  onRefused?(reason: string): void;
}

/**
 * The most ipc connections open at once: a quarter of the open-files limit.
 * The daemon is the cluster primary, which accepts every HTTP connection for
 * its workers: idle ipc connections must never take the descriptors those
 * need (nor the workers' pipes and the logs'), or HTTP requests get reset.
 */
export function ipcConnectionLimit(limits = readOpenFilesLimit()): number {
  return limits === null ? 4096 : Math.max(16, Math.floor(limits / 4));
}

/** The soft limit on open files, from /proc (null where there is none, or it is unlimited). */
function readOpenFilesLimit(): number | null {
  try {
    const match = /^Max open files\s+(\d+)/m.exec(fs.readFileSync('/proc/self/limits', 'utf8'));
    return match === null ? null : Number(match[1]);
  } catch {
    return null;
  }
}

export class IpcServer {
  private readonly clients = new Set<Connection>();
  private readonly server: net.Server;
  private nextId = 1;

  constructor(private readonly handlers: IpcServerHandlers) {
    this.server = net.createServer((socket) => this.accept(socket));
    this.server.maxConnections = ipcConnectionLimit();
    let refusing = false;
    this.server.on('drop', () => {
      if (refusing) return;
      refusing = true;
      this.handlers.onRefused?.(`ipc connection refused: ${this.server.maxConnections} connections already open`);
    });
    // A run of refusals ends when a connection is accepted again.
    this.server.on('connection', () => (refusing = false));
  }

  /** Listens on a unix socket that only the owner can use. */
  listen(socketPath: string): Promise<void> {
    return listenOwnerOnly(this.server, socketPath);
  }

  broadcast(message: unknown): void {
    const frame = encodeFrame(message);
    for (const client of this.clients) {
      if (client.subscribed) client.write(frame);
    }
  }

  /** Stops accepting; connected clients stay connected. Node unlinks the socket file. */
  stopListening(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server.listening) return resolve();
      this.server.close(() => resolve());
      // close() waits for connections; resolve as soon as the listener is gone
      setImmediate(resolve);
    });
  }

  /**
   * Resolves once every client's pending frames have been handed to the
   * kernel (or after a moment). The daemon then exits without closing the
   * connections itself: the kernel closes them as the process goes, so a
   * client that waits for the close knows the daemon is gone.
   */
  flushAll(limitMs = 1_000): Promise<void> {
    const pending = [...this.clients].map((client) => client.flush());
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, limitMs);
      void Promise.all(pending).then(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private accept(socket: net.Socket): void {
    const client = new Connection(this.nextId++, socket, (reason) => this.handlers.onProtocolError(client, reason));
    this.clients.add(client);
    const decoder = new FrameDecoder();
    // Requests waiting for the one before them to be answered (see Connection.answered).
    const queue: unknown[] = [];
    let handling = false;
    const handleQueued = (): void => {
      // An answer written while a request is being handled lets the loop go on; no need to re-enter it.
      if (handling) return;
      handling = true;
      while (queue.length > 0 && !socket.destroyed && client.answered) {
        client.expectAnswer(handleQueued);
        this.handlers.onMessage(client, queue.shift());
      }
      handling = false;
      // Stop reading while requests wait: the client's own writes block, not our memory.
      if (queue.length === 0 && socket.isPaused() && !socket.destroyed) socket.resume();
    };
    socket.on('data', (chunk: Buffer) => {
      try {
        queue.push(...decoder.push(chunk));
      } catch (error) {
        this.handlers.onProtocolError(client, (error as Error).message);
        socket.destroy();
        return;
      }
      handleQueued();
      if (queue.length > 0) socket.pause();
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      client.forget();
      queue.length = 0;
      this.clients.delete(client);
    });
  }
}

class Connection implements IpcClient {
  subscribed = false;
  /** False while a request waits for its first answer; the next request from this client waits too. */
  answered = true;
  private answerTimer: NodeJS.Timeout | null = null;
  private onAnswered: (() => void) | null = null;

  constructor(
    readonly id: number,
    private readonly socket: net.Socket,
    private readonly onCutOff: (reason: string) => void,
  ) {}

  /**
   * A request was handed to the daemon. Its answer (anything written to this
   * client) or ANSWER_WAIT_MS, whichever comes first, lets the next one
   * through: a client cannot have thousands of answers being prepared at once
   * (a flood of detailed-status requests ran the daemon out of file
   * descriptors), while requests answered at once are not slowed at all.
   */
  expectAnswer(next: () => void): void {
    this.answered = false;
    this.onAnswered = next;
    this.answerTimer = setTimeout(() => this.markAnswered(), ANSWER_WAIT_MS);
  }

  send(message: unknown): void {
    this.write(encodeFrame(message));
  }

  write(frame: string): void {
    if (this.socket.destroyed || !this.socket.writable) return;
    if (this.socket.writableLength > MAX_CLIENT_BACKLOG) {
      this.onCutOff(`it does not read its replies (over ${MAX_CLIENT_BACKLOG} bytes unread)`);
      this.socket.destroy();
      return;
    }
    this.socket.write(frame);
    this.markAnswered();
  }

  end(): void {
    if (!this.socket.destroyed) this.socket.end();
  }

  flush(): Promise<void> {
    if (this.socket.destroyed || !this.socket.writable) return Promise.resolve();
    return new Promise((resolve) => this.socket.write('', () => resolve()));
  }

  /** The connection closed: nothing more to wait for. */
  forget(): void {
    if (this.answerTimer !== null) clearTimeout(this.answerTimer);
    this.answerTimer = null;
    this.onAnswered = null;
  }

  private markAnswered(): void {
    if (this.answered) return;
    this.answered = true;
    if (this.answerTimer !== null) clearTimeout(this.answerTimer);
    this.answerTimer = null;
    const next = this.onAnswered;
    this.onAnswered = null;
    next?.();
  }
}
