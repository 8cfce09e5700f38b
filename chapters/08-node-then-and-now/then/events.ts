/**
 * `events.Promise` of Node 0.1 (2009), reimplemented on today's Node so the
 * 2009 samples run. It is NOT today's Promise: it is an EventEmitter that
 * fires one 'success' or one 'error' event, with any number of arguments.
 *
 * What it keeps from 2009:
 * - addCallback / addErrback return the promise (for chaining) and run the
 *   listener right away when the promise has already fired;
 * - emitSuccess / emitError fire once; later calls are ignored;
 * - an error nobody handles by the next tick is thrown (the process crashes);
 * - timeout(ms) turns a promise still pending after ms into an
 *   `Error('timeout')`; timeout() returns the current value;
 * - wait() returns the success value (one argument: that argument; several:
 *   an array) or throws the error.
 *
 * What it cannot keep: 2009's wait() ran a NESTED event loop inside the call,
 * so timers and I/O kept being processed while the caller "waited". Today's
 * Node has no way to re-enter its event loop from JavaScript. So wait() here
 * blocks the thread for real (Atomics.wait), which only works when the
 * outcome is produced by ANOTHER thread: the promise must have been created
 * with a BlockingSource (then/posix.ts does that: its file operations run on a
 * worker thread). A promise settled by this thread's event loop (a timer, a
 * socket, a child process) cannot be waited for: blocking would deadlock,
 * since the loop that would settle it is the one we would be blocking. Its
 * wait() throws a WaitWouldDeadlockError instead of pretending.
 */
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { inspect } from 'node:util';

/** How a promise ended: the event and its arguments. */
export type Outcome = { kind: 'success'; values: unknown[] } | { kind: 'error'; values: unknown[] };

/** Something that can deliver a promise's outcome while this thread is blocked. */
export interface BlockingSource {
  /** Blocks the calling thread until the outcome is there (returns it) or `timeoutMs` have passed (returns null). */
  blockUntilSettled(timeoutMs: number): Outcome | null;
}

/** Thrown by wait() on a promise that only this thread's event loop can settle. */
export class WaitWouldDeadlockError extends Error {
  readonly code = 'ERR_WAIT_WOULD_DEADLOCK';
  constructor() {
    super(
      'wait() cannot block here: this promise is settled by the event loop of this very thread, ' +
        'which would stop while we block. (2009 ran a nested event loop inside wait(); today\'s Node cannot.) ' +
        'Use addCallback/addErrback, or a native Promise and await.',
    );
    this.name = 'WaitWouldDeadlockError';
  }
}

/** The error thrown for an 'error' event whose first argument is not an Error (2009 threw the bare value). */
export class EventsPromiseError extends Error {
  constructor(readonly values: unknown[]) {
    super(
      values.length === 0
        ? 'events.Promise emitted "error" (no arguments given)'
        : `events.Promise emitted "error" with ${values.map((value) => inspect(value)).join(', ')}`,
    );
    this.name = 'EventsPromiseError';
  }
}

function toError(values: unknown[]): Error {
  return values[0] instanceof Error ? values[0] : new EventsPromiseError(values);
}

/** What wait() returns for success arguments S: nothing, the single argument, or the array of them. */
export type WaitResult<S extends unknown[]> = S extends [] ? undefined : S extends [infer One] ? One : S;

/**
 * S: the arguments of the 'success' event; E: those of the 'error' event.
 * Example: EventsPromise<[stats: Stats], [error: Error]>.
 */
export class EventsPromise<S extends unknown[] = unknown[], E extends unknown[] = unknown[]> extends EventEmitter {
  #fired: 'success' | 'error' | null = null;
  #values: unknown[] = [];
  #errorHandled = false;
  #timeoutMs: number | undefined;
  #deadline: number | undefined;
  #timer: NodeJS.Timeout | undefined;
  readonly #source: BlockingSource | undefined;

  /** `source` is not in the 2009 API: it is what lets wait() block honestly (see the file's comment). */
  constructor(source?: BlockingSource) {
    super();
    this.#source = source;
  }

  /** null while pending, then the event that fired (2009's promise.hasFired). */
  get hasFired(): 'success' | 'error' | null {
    return this.#fired;
  }

  addCallback(listener: (...values: S) => void): this {
    if (this.#fired === 'success') listener(...(this.#values as S));
    else if (this.#fired === null) this.on('success', listener as (...args: unknown[]) => void);
    return this;
  }

  addErrback(listener: (...values: E) => void): this {
    if (this.#fired === 'error') {
      this.#errorHandled = true;
      listener(...(this.#values as E));
    } else if (this.#fired === null) {
      this.on('error', listener as (...args: unknown[]) => void);
    }
    return this;
  }

  emitSuccess(...values: S): void {
    if (!this.#settle('success', values)) return;
    this.emit('success', ...values);
  }

  emitError(...values: E): void {
    this.#fireError(values);
  }

  /** timeout(): the current timeout in ms, if any. timeout(ms): emit Error('timeout') if still pending after ms. */
  timeout(): number | undefined;
  timeout(ms: number): this;
  timeout(ms?: number): number | undefined | this {
    if (ms === undefined) return this.#timeoutMs;
    this.#timeoutMs = ms;
    clearTimeout(this.#timer);
    if (this.#fired === null) {
      this.#deadline = performance.now() + ms;
      this.#timer = setTimeout(() => this.#fireError([new Error('timeout')]), ms);
    }
    return this;
  }

  /**
   * Returns the success value or throws the error. A pending promise with a
   * BlockingSource blocks this thread until the other thread delivers (or the
   * timeout passes); a pending promise without one throws WaitWouldDeadlockError.
   */
  wait(): WaitResult<S> {
    if (this.#fired === null) {
      if (this.#source === undefined) throw new WaitWouldDeadlockError();
      const remaining = this.#deadline === undefined ? Infinity : Math.max(0, this.#deadline - performance.now());
      const outcome = this.#source.blockUntilSettled(remaining);
      if (outcome === null) this.#fireError([new Error('timeout')]);
      else if (outcome.kind === 'success') this.emitSuccess(...(outcome.values as S));
      else this.#fireError(outcome.values);
    }
    if (this.#fired === 'error') {
      this.#errorHandled = true; // the caller gets the error as an exception: that counts as handling it
      throw toError(this.#values);
    }
    const values = this.#values;
    return (values.length === 0 ? undefined : values.length === 1 ? values[0] : [...values]) as WaitResult<S>;
  }

  #settle(kind: 'success' | 'error', values: unknown[]): boolean {
    if (this.#fired !== null) return false; // "After emitting its event, it will not emit anymore events."
    this.#fired = kind;
    this.#values = values;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    return true;
  }

  #fireError(values: unknown[]): void {
    if (!this.#settle('error', values)) return;
    // Today's EventEmitter throws on an 'error' event without listeners, so emit only when someone listens.
    if (this.listenerCount('error') > 0) {
      this.#errorHandled = true;
      this.emit('error', ...values);
      return;
    }
    // 2009: an errback attached in the same tick still catches it; after that, the error is thrown.
    process.nextTick(() => {
      if (!this.#errorHandled) throw toError(values);
    });
  }
}

export { EventsPromise as Promise };
