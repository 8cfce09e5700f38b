/**
 * Exercise 02, reference solution: a Counter that tells its listeners what
 * happens, through typed events.
 */
import { EventEmitter, once } from 'node:events';

/** Each event name, with the arguments its listeners receive. */
export type CounterEvents = {
  change: [count: number, previous: number];
  limit: [count: number];
  error: [error: Error];
};

export interface CounterOptions {
  /** The count to start from (a whole number); default 0. */
  start?: number;
  /** The count at which 'limit' is emitted (a whole number above `start`). */
  limit: number;
}

export class Counter extends EventEmitter<CounterEvents> {
  readonly limit: number;
  #count: number;
  #limitReached = false;

  constructor(options: CounterOptions) {
    super();
    const start = options.start ?? 0;
    // Nobody can listen to an object that does not exist yet: bad options throw.
    if (!Number.isSafeInteger(start)) throw new RangeError(`start must be a whole number, not ${start}`);
    if (!Number.isSafeInteger(options.limit) || options.limit <= start) {
      throw new RangeError(`limit must be a whole number above start (${start}), not ${options.limit}`);
    }
    this.#count = start;
    this.limit = options.limit;
  }

  get count(): number {
    return this.#count;
  }

  /**
   * Adds `amount` (a whole number of 1 or more) and returns the new count.
   * Emits 'change' (count, previous), then, the first time the count reaches
   * the limit, 'limit' (count). A bad amount is reported as an 'error' event
   * and changes nothing.
   */
  add(amount = 1): number {
    if (typeof amount !== 'number') {
      // With no 'error' listener, emit() throws this error: nothing fails silently.
      this.emit('error', new TypeError(`amount must be a number, not ${typeof amount}`));
      return this.#count;
    }
    if (!Number.isSafeInteger(amount) || amount < 1) {
      this.emit('error', new RangeError(`amount must be a whole number of 1 or more, not ${amount}`));
      return this.#count;
    }
    const previous = this.#count;
    this.#count += amount;
    this.emit('change', this.#count, previous);
    if (!this.#limitReached && this.#count >= this.limit) {
      this.#limitReached = true; // set before emitting: a listener that calls add() must not trigger it again
      this.emit('limit', this.#count);
    }
    return this.#count;
  }

  /** Calls `listener` on every 'change' until the returned function is called. */
  onChange(listener: (count: number, previous: number) => void): () => void {
    // A wrapper of our own, so that unsubscribing removes this registration and no
    // other, even when the caller subscribed the same function twice.
    const registration = (count: number, previous: number): void => listener(count, previous);
    this.on('change', registration);
    return () => {
      this.off('change', registration); // removing it a second time does nothing
    };
  }

  /**
   * Resolves with the count once the limit is reached (at once if it already
   * is). Rejects when the counter emits 'error' first, or when `signal`
   * aborts. Leaves no listener behind, whatever happens.
   */
  async whenLimit(signal?: AbortSignal): Promise<number> {
    if (this.#limitReached) return this.#count;
    // events.once listens to 'limit' and 'error' (rejecting on 'error') and to the
    // signal, and removes all three listeners as soon as one of them fires.
    const [count] = (await once(this, 'limit', { signal })) as CounterEvents['limit'];
    return count;
  }
}
