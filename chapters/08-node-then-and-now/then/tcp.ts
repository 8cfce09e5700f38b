/**
 * The `tcp` module of Node 0.1 (2009), as wrappers around today's `net`.
 *
 * 2009's tcp.Connection emitted 'connect', 'receive' (data as a string),
 * 'eof' (the peer half-closed), 'timeout', 'drain' and 'close' (had_error),
 * and had send(), close() (half-close: send FIN), forceClose(), readPause(),
 * readResume(), setTimeout(), setNoDelay() and a readyState string.
 * Today's net.Socket is a Duplex stream: 'connect', 'data' (Buffers unless
 * setEncoding), 'end', 'timeout', 'drain', 'close'; write(), end(),
 * destroy(), pause(), resume(). A server that writes after the peer's FIN
 * needs `allowHalfOpen: true`, which the shim always sets, as 2009 behaved.
 */
import { EventEmitter } from 'node:events';
import * as net from 'node:net';
import type { Encoding2009 } from './http';

export type ReadyState = 'opening' | 'open' | 'readOnly' | 'writeOnly' | 'closed';

export class Connection extends EventEmitter {
  #readable = true;
  #writable = true;
  #connected: boolean;

  constructor(readonly socket: net.Socket, serverSide: boolean) {
    super();
    this.#connected = serverSide;
    socket.setEncoding('latin1'); // 2009: strings, "binary" unless setEncoding() says otherwise
    socket.setTimeout(60_000); // 2009's default inactivity timeout
    socket.on('connect', () => {
      this.#connected = true;
      this.emit('connect');
    });
    if (serverSide) process.nextTick(() => this.emit('connect')); // the server side "connects" too, for the listener to send a greeting
    socket.on('data', (data: string) => this.emit('receive', data));
    socket.on('end', () => {
      this.#readable = false;
      this.emit('eof');
    });
    socket.on('timeout', () => {
      this.emit('timeout');
      socket.destroy(); // 2009: 'close' follows a timeout at once
    });
    socket.on('drain', () => this.emit('drain'));
    socket.on('error', () => {
      // reported through 'close' with had_error = true, as in 2009
    });
    socket.on('close', (hadError: boolean) => {
      this.#readable = false;
      this.#writable = false;
      this.emit('close', hadError);
    });
  }

  get remoteAddress(): string | undefined {
    return this.socket.remoteAddress;
  }

  get readyState(): ReadyState {
    if (!this.#connected) return this.#readable ? 'opening' : 'closed';
    if (this.#readable && this.#writable) return 'open';
    if (this.#readable) return 'readOnly';
    if (this.#writable) return 'writeOnly';
    return 'closed';
  }

  setEncoding(encoding: Encoding2009): void {
    this.socket.setEncoding(encoding === 'binary' ? 'latin1' : encoding);
  }

  /** 2009's send(data, encoding="ascii"): ASCII by default, "because encoding to UTF8 is rather slow". */
  send(data: string, encoding: Encoding2009 = 'ascii'): boolean {
    return this.socket.write(data, encoding === 'binary' ? 'latin1' : encoding);
  }

  /** Half-closes: sends FIN. The peer can still send; readyState becomes "readOnly". */
  close(): void {
    this.#writable = false;
    this.socket.end();
  }

  forceClose(): void {
    this.socket.destroy();
  }

  readPause(): void {
    this.socket.pause();
  }

  readResume(): void {
    this.socket.resume();
  }

  setTimeout(ms: number): void {
    this.socket.setTimeout(ms);
  }

  setNoDelay(noDelay = true): void {
    this.socket.setNoDelay(noDelay);
  }
}

/** tcp.createServer(connection_listener): today's net.Server, half-open allowed, the listener seeing a 2009 Connection. */
export function createServer(listener: (connection: Connection) => void): net.Server {
  return net.createServer({ allowHalfOpen: true }, (socket) => listener(new Connection(socket, true)));
}

/** tcp.createConnection(port, host): a client Connection; 'connect' when established. 2009 defaulted to localhost. */
export function createConnection(port: number, host = '127.0.0.1'): Connection {
  return new Connection(net.createConnection({ port, host, allowHalfOpen: true }), false);
}
