/**
 * Tracks an HTTP server's connections from the moment it is installed, and
 * drains them without losing a request from a keep-alive client.
 *
 * Node 19+'s `server.close()` destroys every idle keep-alive socket at once,
 * while its client may already be sending the next request on it: that
 * request is lost. A drain here instead
 *  - stops accepting connections, and nothing else;
 *  - lets answers in flight finish;
 *  - adds `Connection: close` to every response written from now on, so the
 *    client learns from the answer itself that the connection ends there (Node
 *    closes the socket after such a response);
 *  - closes a connection only when it is idle and has been idle for a grace
 *    period (counted from the drain's start at the earliest), and
 *  - after a hard timeout destroys whatever is left.
 */
import * as http from 'node:http';
import * as net from 'node:net';
import * as tls from 'node:tls';

export interface DrainOptions {
  /** How long a connection must have been idle before it is closed. Default 1000. */
  idleGraceMs?: number;
  /** After this long whatever is left is destroyed and the drain resolves. Default 30000. */
  timeoutMs?: number;
}

export interface ConnectionTracker {
  /** Starts the drain (once; later calls return the same promise). Resolves when every connection has closed. */
  drain(options?: DrainOptions): Promise<void>;
  /** True from the moment drain() was called. */
  readonly draining: boolean;
  /** Connections open now. */
  readonly openConnections: number;
}

export const DEFAULT_IDLE_GRACE_MS = 1_000;
export const DEFAULT_DRAIN_TIMEOUT_MS = 30_000;
// Larger delays make setTimeout fire after 1 ms instead (TimeoutOverflowWarning).
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Fills in defaults and rejects values a timer cannot honour; callers validate early with it. */
export function resolveDrainOptions(options: DrainOptions = {}): Required<DrainOptions> {
  const resolved = {
    idleGraceMs: options.idleGraceMs ?? DEFAULT_IDLE_GRACE_MS,
    timeoutMs: options.timeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS,
  };
  for (const [name, value] of Object.entries(resolved)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_TIMER_MS) {
      throw new RangeError(`${name} must be a number of milliseconds between 0 and ${MAX_TIMER_MS}, got ${String(value)}`);
    }
  }
  return resolved;
}

interface SocketState {
  /** Responses not finished yet, in request order (a pipelining client can queue several). */
  readonly responses: Set<http.ServerResponse>;
  /** When the last response finished (or the socket connected). */
  idleSince: number;
  /** socket.bytesRead at that moment: more bytes since then mean a request is arriving. */
  bytesReadWhenIdle: number;
  graceTimer: NodeJS.Timeout | undefined;
}

const trackers = new WeakMap<http.Server, Tracker>();

/**
 * Starts tracking `server`'s connections. Install it right after
 * createServer: connections accepted earlier are only learnt of when they
 * carry a request. Calling it again returns the same tracker.
 */
export function trackConnections(server: http.Server): ConnectionTracker {
  let tracker = trackers.get(server);
  if (tracker === undefined) {
    tracker = new Tracker(server);
    trackers.set(server, tracker);
  }
  return tracker;
}

const noop = (): void => undefined;

class Tracker implements ConnectionTracker {
  private readonly sockets = new Map<net.Socket, SocketState>();
  /** Responses this tracker gave Connection: close, so it can take it back (see markLastResponse). */
  private readonly marked = new WeakSet<http.ServerResponse>();
  private drainPromise: Promise<void> | undefined;
  private resolveDrain: (() => void) | undefined;
  private settings = resolveDrainOptions();
  private drainStartedAt = 0;
  private listenerClosed = false;
  private hardTimer: NodeJS.Timeout | undefined;
  private restoreCloseIdleConnections: () => void = noop;

  constructor(private readonly server: http.Server) {
    // An https server's 'connection' socket is the raw TCP one, while its
    // requests come on the TLS socket wrapping it: track the latter.
    const connectionEvent = server instanceof tls.Server ? 'secureConnection' : 'connection';
    // Prepended so that the request listener runs before the application's
    // handler, which may write its whole response synchronously.
    server.prependListener(connectionEvent, (socket: net.Socket) => {
      this.adopt(socket);
    });
    server.prependListener('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
      this.onRequest(request.socket, response);
    });
  }

  get draining(): boolean {
    return this.drainPromise !== undefined;
  }

  get openConnections(): number {
    return this.sockets.size;
  }

  drain(options?: DrainOptions): Promise<void> {
    if (this.drainPromise !== undefined) return this.drainPromise;
    // Everything below runs synchronously, before drain() returns: see stopAccepting.
    this.settings = resolveDrainOptions(options);
    this.drainStartedAt = Date.now();
    this.drainPromise = new Promise<void>((resolve) => {
      this.resolveDrain = resolve;
    });
    this.stopAccepting();
    for (const [socket, state] of this.sockets) {
      if (state.responses.size > 0) this.markLastResponse(state);
      else this.scheduleIdleClose(socket, state);
    }
    this.hardTimer = setTimeout(() => this.destroyRemaining(), this.settings.timeoutMs);
    this.settleIfDrained();
    return this.drainPromise;
  }

  private stopAccepting(): void {
    const server = this.server;
    // Shadow closeIdleConnections while draining: server.close() can still be
    // called after our handler ran, and would run Node's idle-socket massacre
    // in the middle of the drain. The naught master follows 'shutdown' with
    // cluster's disconnect, whose worker side calls server.close() on every
    // server still registered with cluster (on Node 20 the net close below
    // unregisters this one first, provided the drain starts synchronously in
    // the 'shutdown' handler); and another shutdown listener, a library or
    // the application may call server.close() too.
    const own = Object.getOwnPropertyDescriptor(server, 'closeIdleConnections');
    server.closeIdleConnections = noop;
    this.restoreCloseIdleConnections = () => {
      if (own) Object.defineProperty(server, 'closeIdleConnections', own);
      else Reflect.deleteProperty(server, 'closeIdleConnections');
    };
    server.once('close', () => {
      this.listenerClosed = true;
      this.settleIfDrained();
    });
    // net.Server's close only stops listening: http.Server's would first call
    // closeIdleConnections(). (It also stops Node's headers/request timeout
    // checker, which is unref'd and better left guarding the drain.)
    net.Server.prototype.close.call(server);
  }

  private adopt(socket: net.Socket): SocketState {
    const known = this.sockets.get(socket);
    if (known !== undefined) return known;
    const state: SocketState = { responses: new Set(), idleSince: Date.now(), bytesReadWhenIdle: socket.bytesRead, graceTimer: undefined };
    this.sockets.set(socket, state);
    socket.once('close', () => {
      clearTimeout(state.graceTimer);
      this.sockets.delete(socket);
      this.settleIfDrained();
    });
    if (this.draining) this.scheduleIdleClose(socket, state);
    return state;
  }

  private onRequest(socket: net.Socket, response: http.ServerResponse): void {
    // A socket accepted before tracking was installed is adopted here.
    const state = this.adopt(socket);
    clearTimeout(state.graceTimer);
    state.graceTimer = undefined;
    state.responses.add(response);
    if (this.draining) this.markLastResponse(state);
    // 'close' comes after 'finish', and also when the client went away first.
    response.once('close', () => {
      state.responses.delete(response);
      if (state.responses.size === 0) this.becameIdle(socket, state);
    });
  }

  /**
   * Connection: close goes on the socket's last unanswered response only:
   * Node drops the responses queued behind one that closes the connection, so
   * marking the first of several pipelined requests would lose the others.
   * A response whose headers are already out cannot be marked; its socket is
   * closed after the grace once idle, or by the answer to its next request.
   */
  private markLastResponse(state: SocketState): void {
    const responses = [...state.responses];
    const last = responses[responses.length - 1];
    for (const response of responses) {
      if (response.headersSent) continue;
      if (response === last) {
        response.setHeader('Connection', 'close');
        this.marked.add(response);
      } else if (this.marked.has(response)) {
        response.removeHeader('Connection');
        this.marked.delete(response);
      }
    }
  }

  private becameIdle(socket: net.Socket, state: SocketState): void {
    if (this.sockets.get(socket) !== state) return; // already closed
    state.idleSince = Date.now();
    state.bytesReadWhenIdle = socket.bytesRead;
    if (this.draining) this.scheduleIdleClose(socket, state);
  }

  private scheduleIdleClose(socket: net.Socket, state: SocketState): void {
    clearTimeout(state.graceTimer);
    // The grace counts from the drain's start at the earliest: a socket idle
    // for a minute is no less likely to carry a request right now, and its
    // client has not been told anything yet.
    const idleFor = Date.now() - Math.max(state.idleSince, this.drainStartedAt);
    const wait = Math.max(0, this.settings.idleGraceMs - idleFor);
    state.graceTimer = setTimeout(() => this.closeIfStillIdle(socket, state), wait);
  }

  private closeIfStillIdle(socket: net.Socket, state: SocketState): void {
    state.graceTimer = undefined;
    if (state.responses.size > 0 || this.sockets.get(socket) !== state) return;
    if (socket.bytesRead !== state.bytesReadWhenIdle) {
      // Bytes came in but no whole request yet: one is arriving. Give it a
      // grace of its own; it will be answered with Connection: close.
      state.idleSince = Date.now();
      state.bytesReadWhenIdle = socket.bytesRead;
      this.scheduleIdleClose(socket, state);
      return;
    }
    socket.destroy();
  }

  private destroyRemaining(): void {
    this.hardTimer = undefined;
    for (const socket of this.sockets.keys()) socket.destroy();
    // Also connections accepted before tracking was installed that never sent a request.
    this.server.closeAllConnections();
    this.finish();
  }

  private settleIfDrained(): void {
    if (this.listenerClosed && this.sockets.size === 0) this.finish();
  }

  private finish(): void {
    const resolve = this.resolveDrain;
    if (resolve === undefined) return;
    this.resolveDrain = undefined;
    clearTimeout(this.hardTimer);
    for (const state of this.sockets.values()) clearTimeout(state.graceTimer);
    this.restoreCloseIdleConnections();
    resolve();
  }
}
