/**
 * The daemon's side of the ipc socket: any number of clients at once (naught
 * 1.6.0 dropped the previous client whenever a new one connected), replies to
 * one client, broadcasts to the clients that asked to follow events.
 */
import * as net from 'node:net';
import { encodeFrame, FrameDecoder } from './framing';
import { listenOwnerOnly } from './listen-owner-only';

/** A client that stops reading is cut off rather than allowed to grow our memory. */
const MAX_CLIENT_BACKLOG = 1024 * 1024;

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
}

export class IpcServer {
  private readonly clients = new Set<Connection>();
  private readonly server: net.Server;
  private nextId = 1;

  constructor(private readonly handlers: IpcServerHandlers) {
    this.server = net.createServer((socket) => this.accept(socket));
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
    const client = new Connection(this.nextId++, socket);
    this.clients.add(client);
    const decoder = new FrameDecoder();
    socket.on('data', (chunk: Buffer) => {
      let messages: unknown[];
      try {
        messages = decoder.push(chunk);
      } catch (error) {
        this.handlers.onProtocolError(client, (error as Error).message);
        socket.destroy();
        return;
      }
      for (const message of messages) {
        if (socket.destroyed) return;
        this.handlers.onMessage(client, message);
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.clients.delete(client));
  }
}

class Connection implements IpcClient {
  subscribed = false;

  constructor(
    readonly id: number,
    private readonly socket: net.Socket,
  ) {}

  send(message: unknown): void {
    this.write(encodeFrame(message));
  }

  write(frame: string): void {
    if (this.socket.destroyed || !this.socket.writable) return;
    if (this.socket.writableLength > MAX_CLIENT_BACKLOG) {
      this.socket.destroy();
      return;
    }
    this.socket.write(frame);
  }

  end(): void {
    if (!this.socket.destroyed) this.socket.end();
  }

  flush(): Promise<void> {
    if (this.socket.destroyed || !this.socket.writable) return Promise.resolve();
    return new Promise((resolve) => this.socket.write('', () => resolve()));
  }
}
