/**
 * A client's connection to a running auto-daemon: the greeting, then a typed
 * proxy whose methods send calls and open streams. connect() never spawns
 * anything; autod() (autod.ts) calls it, and spawns a daemon when it finds
 * none.
 */
import { EventEmitter } from 'node:events';
import * as net from 'node:net';
import type { Duplex } from 'node:stream';
import { classifyConnectError } from '../ipc/client';
import { encodeFrame, FrameDecoder } from '../ipc/framing';
import { AutodConnectionClosedError, AutodMissingMethodsError, AutodNotRunningError, AutodProtocolError, AutodRemoteError } from './errors';
import { plainName, resolveConnectOptions, type AutodConnectOptions, type ResolvedConnectOptions } from './options';
import { parseDaemonMessage, PROTOCOL_VERSION, STREAM_SUFFIX, type ClientMessage, type DaemonMessage } from './protocol';
import { RemoteStream } from './remote-stream';
import type { NodeCallback, RemoteApi } from './types';

interface PendingCall {
  method: string;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export interface AutodClientEvents {
  /** The connection closed (the client closed it, the daemon did, or it broke). */
  close: [];
}

export class AutodClient<Api = Record<string, unknown>> extends EventEmitter<AutodClientEvents> {
  /** The remote methods, one per entry of `methods`. */
  readonly rpc: RemoteApi<Api>;
  private readonly pending = new Map<number, PendingCall>();
  private readonly streams = new Map<number, RemoteStream>();
  private nextId = 1;
  private ended = false;

  /** Use connect() or autod(); the connection has already been greeted. */
  constructor(
    /** The unix socket connection to the daemon (the manual's `connection`). */
    readonly connection: net.Socket,
    /** The pid of the daemon that greeted this client. */
    readonly daemonPid: number,
    readonly sockfile: string,
    methods: readonly string[],
    decoder: FrameDecoder,
  ) {
    super();
    const rpc: Record<string, unknown> = {};
    for (const spec of methods) {
      const name = plainName(spec);
      rpc[name] = spec.endsWith(STREAM_SUFFIX) ? (...args: unknown[]) => this.openStream(name, args) : (...args: unknown[]) => this.call(name, args);
    }
    this.rpc = rpc as RemoteApi<Api>;
    connection.on('data', (chunk: Buffer) => {
      let values: unknown[];
      try {
        values = decoder.push(chunk);
      } catch {
        connection.destroy();
        return;
      }
      for (const value of values) {
        const message = parseDaemonMessage(value);
        if (message === null) {
          connection.destroy();
          return;
        }
        this.receive(message);
      }
    });
    connection.on('error', () => connection.destroy());
    connection.once('close', () => this.closed());
    connection.resume();
  }

  /** Whether the connection is still open. */
  get open(): boolean {
    return !this.ended;
  }

  /** Ends the connection (the daemon's refcount drops by one); calls in flight fail with AutodConnectionClosedError. */
  close(): void {
    this.connection.end();
  }

  private send(message: ClientMessage): boolean {
    if (this.connection.destroyed || !this.connection.writable) return true;
    return this.connection.write(encodeFrame(message));
  }

  private call(method: string, args: unknown[]): Promise<unknown> | void {
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      const callback = last as NodeCallback<unknown>;
      // Called outside the promise chain, so that an exception thrown by the callback is an ordinary uncaught exception.
      this.request(method, args.slice(0, -1)).then(
        (value) => process.nextTick(callback, null, value),
        (error: unknown) => process.nextTick(callback, error, undefined),
      );
      return;
    }
    return this.request(method, args);
  }

  private request(method: string, args: unknown[]): Promise<unknown> {
    if (this.ended) return Promise.reject(new AutodConnectionClosedError(method));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { method, resolve, reject });
      this.send({ type: 'call', id, method, args });
    });
  }

  private openStream(method: string, args: unknown[]): Duplex {
    const id = this.nextId++;
    const sink = { send: (message: ClientMessage) => this.send(message), onceDrained: (listener: () => void) => void this.connection.once('drain', listener) };
    const stream = new RemoteStream(id, method, sink, () => this.streams.delete(id));
    if (this.ended) {
      process.nextTick(() => stream.connectionClosed());
      return stream;
    }
    this.streams.set(id, stream);
    this.send({ type: 'open', id, method, args });
    return stream;
  }

  private receive(message: DaemonMessage): void {
    switch (message.type) {
      case 'result':
      case 'failure': {
        const call = this.pending.get(message.id);
        if (call === undefined) return;
        this.pending.delete(message.id);
        if (message.type === 'result') call.resolve(message.value);
        else call.reject(new AutodRemoteError(call.method, message.error));
        return;
      }
      case 'welcome':
      case 'refused':
        // only valid as the greeting
        this.connection.destroy();
        return;
      default:
        this.streams.get(message.id)?.receive(message);
    }
  }

  private closed(): void {
    this.ended = true;
    for (const call of this.pending.values()) call.reject(new AutodConnectionClosedError(call.method));
    this.pending.clear();
    for (const stream of [...this.streams.values()]) stream.connectionClosed();
    this.emit('close');
  }
}

/** Connects to a running daemon; rejects with AutodNotRunningError when none answers (nothing is spawned). */
export function connectAutod<Api = Record<string, unknown>>(options: AutodConnectOptions<Api>): Promise<AutodClient<Api>> {
  return openClient<Api>(resolveConnectOptions(options, 'connect()'));
}

export async function openClient<Api>(options: ResolvedConnectOptions): Promise<AutodClient<Api>> {
  const socket = await connectSocket(options.sockfile);
  const decoder = new FrameDecoder();
  const pid = await greet(socket, decoder, options);
  return new AutodClient<Api>(socket, pid, options.sockfile, options.methods, decoder);
}

function connectSocket(sockfile: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(sockfile);
    socket.once('error', (error: NodeJS.ErrnoException) => {
      const classified = classifyConnectError(error, sockfile);
      if (classified.kind === 'not-running' || classified.kind === 'stale') reject(new AutodNotRunningError(classified.kind, sockfile, { cause: error }));
      else reject(classified);
    });
    socket.once('connect', () => {
      socket.removeAllListeners('error');
      resolve(socket);
    });
  });
}

/** Says hello with the method list; resolves with the daemon's pid once it has welcomed us. */
function greet(socket: net.Socket, decoder: FrameDecoder, options: ResolvedConnectOptions): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const fail = (error: Error): void => {
      cleanup();
      socket.destroy();
      reject(error);
    };
    const onData = (chunk: Buffer): void => {
      let values: unknown[];
      try {
        values = decoder.push(chunk);
      } catch (error) {
        return fail(new AutodProtocolError(`the auto-daemon on ${options.sockfile} sent a malformed frame: ${(error as Error).message}`));
      }
      if (values.length === 0) return;
      const message = parseDaemonMessage(values[0]);
      if (message?.type === 'refused') return fail(new AutodRemoteError('(interface)', message.error));
      if (message?.type !== 'welcome' || message.version !== PROTOCOL_VERSION || values.length > 1) {
        return fail(new AutodProtocolError(`the server on ${options.sockfile} did not greet as an auto-daemon of protocol ${PROTOCOL_VERSION}`));
      }
      if (message.missing.length > 0) return fail(new AutodMissingMethodsError(message.missing, options.sockfile));
      cleanup();
      resolve(message.pid);
    };
    // Accepted, then closed without a word: the daemon was closing (it stopped listening just after accepting).
    const onClose = (): void => fail(new AutodNotRunningError('closing', options.sockfile));
    const onError = (error: Error): void => fail(new AutodNotRunningError('closing', options.sockfile, { cause: error }));
    const timer = setTimeout(() => fail(new AutodProtocolError(`the server on ${options.sockfile} did not greet within ${options.startTimeoutMs} ms`)), options.startTimeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      socket.pause(); // until the client listens: nothing may be read with no 'data' listener
      socket.removeListener('data', onData);
      socket.removeListener('close', onClose);
      socket.removeListener('error', onError);
    };
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.once('error', onError);
    socket.write(encodeFrame({ type: 'hello', version: PROTOCOL_VERSION, methods: options.methods } satisfies ClientMessage));
  });
}
