/**
 * One client connection inside the daemon: the greeting, then the calls and
 * the streams, answered through the interface object this connection got.
 * The session holds one reference on the daemon while the connection is open,
 * plus whatever its interface adds with 'ref' and 'unref' events.
 */
import { EventEmitter } from 'node:events';
import type * as net from 'node:net';
import { encodeFrame, FrameDecoder, MAX_FRAME_LENGTH } from '../ipc/framing';
import { DaemonStream, isStream } from './daemon-stream';
import { plainName } from './options';
import { parseClientMessage, PROTOCOL_VERSION, STREAM_SUFFIX, toWireError, type ClientMessage, type DaemonMessage, type WireError } from './protocol';
import type { RefCount } from './refcount';

/** What a method's callback, promise or stream came to. */
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export class Session {
  private readonly decoder = new FrameDecoder();
  private readonly streams = new Map<number, DaemonStream>();
  /** The methods this client listed, plain names, once it has said hello. */
  private allowed: Set<string> | null = null;

  constructor(
    private readonly socket: net.Socket,
    private readonly iface: object | Error,
    refs: RefCount,
  ) {
    refs.ref();
    socket.once('close', () => {
      refs.unref();
      for (const stream of [...this.streams.values()]) stream.abandon();
    });
    socket.on('error', () => socket.destroy());
    if (iface instanceof EventEmitter || (!(iface instanceof Error) && typeof (iface as Partial<EventEmitter>).on === 'function')) {
      const emitter = iface as EventEmitter;
      emitter.on('ref', () => refs.ref());
      emitter.on('unref', () => refs.unref());
    }
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
  }

  /** Ends the connection once what was queued for it has been written. */
  end(): void {
    if (!this.socket.destroyed) this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    let values: unknown[];
    try {
      values = this.decoder.push(chunk);
    } catch {
      this.socket.destroy();
      return;
    }
    for (const value of values) {
      if (this.socket.destroyed) return;
      const message = parseClientMessage(value);
      if (message === null || (this.allowed === null) !== (message.type === 'hello')) {
        // not our protocol, a second hello, or a call before the hello: no guessing
        this.socket.destroy();
        return;
      }
      this.dispatch(message);
    }
  }

  private dispatch(message: ClientMessage): void {
    switch (message.type) {
      case 'hello':
        this.greet(message.version, message.methods);
        return;
      case 'call':
        this.call(message.id, message.method, message.args);
        return;
      case 'open':
        this.open(message.id, message.method, message.args);
        return;
      default:
        this.streams.get(message.id)?.handle(message);
    }
  }

  private greet(version: number, methods: string[]): void {
    if (version !== PROTOCOL_VERSION) {
      this.refuse({ name: 'AutodProtocolError', message: `the daemon speaks auto-daemon protocol ${PROTOCOL_VERSION}, the client ${version}` });
      return;
    }
    if (this.iface instanceof Error) {
      this.refuse(toWireError(this.iface));
      return;
    }
    const iface = this.iface;
    this.allowed = new Set(methods.map(plainName));
    const missing = methods.filter((method) => methodOf(iface, plainName(method)) === null);
    this.send({ type: 'welcome', version: PROTOCOL_VERSION, pid: process.pid, missing });
  }

  private refuse(error: WireError): void {
    this.send({ type: 'refused', error });
    this.socket.end();
  }

  private invoke(id: number, name: string, args: unknown[], extra: unknown[]): Outcome | null {
    const method = this.allowed?.has(name) && typeof this.iface === 'object' ? methodOf(this.iface, name) : null;
    if (method === null) {
      this.send({ type: 'failure', id, error: { name: 'TypeError', message: `\`${name}\` is not a method this client listed, or the interface has no such method` } });
      return null;
    }
    try {
      return { ok: true, value: method.apply(this.iface, [...args, ...extra]) };
    } catch (error) {
      return { ok: false, error };
    }
  }

  /** A plain method: its answer is the promise it returns, or else what it passes to its callback. */
  private call(id: number, name: string, args: unknown[]): void {
    let answered = false;
    const answer = (outcome: Outcome): void => {
      if (answered) return;
      answered = true;
      if (outcome.ok) this.send({ type: 'result', id, value: outcome.value });
      else this.send({ type: 'failure', id, error: toWireError(outcome.error) });
    };
    const reply = (error: unknown, value?: unknown): void => answer(error === null || error === undefined ? { ok: true, value } : { ok: false, error });
    const returned = this.invoke(id, name, args, [reply]);
    if (returned === null) return;
    if (!returned.ok) return answer(returned);
    const value = returned.value as PromiseLike<unknown> | undefined;
    if (typeof value?.then === 'function') {
      value.then(
        (resolved) => answer({ ok: true, value: resolved }),
        (error: unknown) => answer({ ok: false, error }),
      );
    } else if (isStream(value)) {
      answer({ ok: false, error: new TypeError(`\`${name}\` returned a stream: list it as '${name}${STREAM_SUFFIX}'`) });
    }
    // otherwise the method answers through `reply`, whenever it is ready
  }

  /** A stream method: it returns the stream, which is bridged to the client. */
  private open(id: number, name: string, args: unknown[]): void {
    const returned = this.invoke(id, name, args, []);
    if (returned === null) return;
    const failed = (error: unknown): void => void this.send({ type: 'destroy', id, error: toWireError(error) });
    if (!returned.ok) return failed(returned.error);
    if (!isStream(returned.value)) return failed(new TypeError(`\`${name}\` is listed as a stream method but did not return a stream`));
    const stream = new DaemonStream(id, returned.value, this.sink, () => this.streams.delete(id));
    this.streams.set(id, stream);
    stream.start();
  }

  private readonly sink = {
    send: (message: DaemonMessage): boolean => this.send(message),
    onceDrained: (listener: () => void): void => void this.socket.once('drain', listener),
  };

  /** Writes one frame; an answer too big for a frame becomes an error instead of a broken connection. */
  private send(message: DaemonMessage): boolean {
    if (this.socket.destroyed || !this.socket.writable) return true;
    let text: string;
    try {
      text = JSON.stringify(message);
    } catch (error) {
      return this.sendInstead(message, error);
    }
    if (text.length > MAX_FRAME_LENGTH) return this.sendInstead(message, new RangeError(`the answer is ${text.length} characters of JSON; a frame holds at most ${MAX_FRAME_LENGTH}`));
    return this.socket.write(encodeFrame(message));
  }

  private sendInstead(message: DaemonMessage, error: unknown): boolean {
    if (message.type === 'result') return this.send({ type: 'failure', id: message.id, error: toWireError(error) });
    if (message.type === 'data') {
      this.streams.get(message.id)?.abandon();
      return this.send({ type: 'destroy', id: message.id, error: toWireError(error) });
    }
    this.socket.destroy();
    return true;
  }
}

/**
 * The interface's method `name`, if it has one that a client may call: an own
 * or inherited function, but nothing inherited from Object or EventEmitter
 * (no remote `constructor`, `emit` or `on`).
 */
function methodOf(iface: object, name: string): ((...args: unknown[]) => unknown) | null {
  for (let holder: object | null = iface; holder !== null; holder = Object.getPrototypeOf(holder) as object | null) {
    if (holder === Object.prototype || holder === EventEmitter.prototype) return null;
    const descriptor = Object.getOwnPropertyDescriptor(holder, name);
    if (descriptor === undefined) continue;
    return typeof descriptor.value === 'function' ? (descriptor.value as (...args: unknown[]) => unknown) : null;
  }
  return null;
}
