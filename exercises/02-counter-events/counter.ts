/**
 * Exercise 02: a Counter that tells its listeners what happens, through events.
 * Read README.md for the full behaviour; the checks in test/ hold you to it.
 */
import { EventEmitter } from 'node:events';

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

  constructor(options: CounterOptions) {
    super();
    // TODO: throw a RangeError when start or limit is not a whole number, or limit <= start.
    this.#count = options.start ?? 0;
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
    // TODO
    throw new Error(`TODO: add(${amount}) is not written yet`);
  }

  /** Calls `listener` on every 'change' until the returned function is called. */
  onChange(listener: (count: number, previous: number) => void): () => void {
    // TODO
    throw new Error(`TODO: onChange(${listener.name || 'listener'}) is not written yet`);
  }

  /**
   * Resolves with the count once the limit is reached (at once if it already
   * is). Rejects when the counter emits 'error' first, or when `signal`
   * aborts. Leaves no listener behind, whatever happens.
   */
  whenLimit(signal?: AbortSignal): Promise<number> {
    // TODO
    return Promise.reject(new Error(`TODO: whenLimit(${signal === undefined ? '' : 'signal'}) is not written yet`));
  }
}
