/**
 * A raw client of the daemon's socket, for hostile input: it writes whatever
 * bytes it is given, may never read, and records what the daemon sends back
 * and whether the daemon closed the connection.
 */
import * as net from 'node:net';
import { sleep } from '../../test/helpers/naught';

/** naught's frame, written out here from its description (`<length>\n<json>`, the length in UTF-16 code units). */
export function frame(message: unknown): string {
  const json = JSON.stringify(message);
  return `${json.length}\n${json}`;
}

export class RawClient {
  received = '';
  /** Set when the connection closed, by either side. */
  closed = false;
  /** The socket error, if any (EPIPE, ECONNRESET after the daemon cut us off). */
  error: string | null = null;

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => (this.received += chunk.toString('utf8')));
    socket.on('error', (error: NodeJS.ErrnoException) => (this.error = error.code ?? error.message));
    socket.on('close', () => (this.closed = true));
  }

  /** Connects; with `read: false` the client never reads, so the daemon's replies pile up in the socket buffers. */
  static connect(socketPath: string, options: { read?: boolean } = {}): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(socketPath);
      const client = new RawClient(socket);
      if (options.read === false) socket.pause();
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.removeListener('error', reject);
        resolve(client);
      });
    });
  }

  /** Writes bytes; resolves once the kernel took them, or as soon as the connection fails. */
  write(data: string | Buffer): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.destroyed) return resolve();
      this.socket.write(data, () => resolve());
    });
  }

  /** The frames received so far, parsed (a raw check: a partial last frame is left out). */
  frames(): unknown[] {
    const messages: unknown[] = [];
    let rest = this.received;
    for (;;) {
      const newline = rest.indexOf('\n');
      if (newline === -1) return messages;
      const length = Number(rest.slice(0, newline));
      if (rest.length < newline + 1 + length) return messages;
      messages.push(JSON.parse(rest.slice(newline + 1, newline + 1 + length)));
      rest = rest.slice(newline + 1 + length);
    }
  }

  /** Waits until the daemon has closed the connection; false if it is still open after `timeoutMs`. */
  async closedWithin(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed && Date.now() < deadline) await sleep(20);
    return this.closed;
  }

  /** Waits for `count` frames from the daemon; fails if the connection closes first or time runs out. */
  async waitForFrames(count: number, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.frames().length < count) {
      if (this.closed || Date.now() > deadline) {
        throw new Error(`expected ${count} frames, got ${this.frames().length} (closed: ${this.closed}): ${this.received.slice(0, 300)}`);
      }
      await sleep(20);
    }
  }

  destroy(): void {
    this.socket.destroy();
  }
}
