/**
 * 01: the book's Counter, written as today's Node writes it: a class that
 * extends EventEmitter. increment() adds the step and emits 'incremented'
 * with the new count; whoever listens hears about it.
 *
 * Run: npx tsx chapters/02-eventemitter-counter/examples/01-counter-class.ts
 */
import { EventEmitter } from 'node:events';

export interface CounterOptions {
  /** How much each increment() adds (default 1). */
  step?: number;
  /** The highest count allowed; an increment past it emits 'error' instead (default: no limit). */
  max?: number;
  /** Route rejected promises of async listeners to the 'error' event (example 04). */
  captureRejections?: boolean;
}

export class Counter extends EventEmitter {
  #count: number;
  readonly step: number;
  readonly max: number;

  constructor(init = 0, options: CounterOptions = {}) {
    super({ captureRejections: options.captureRejections }); // a class must call super() before it touches `this`
    this.#count = init;
    this.step = options.step ?? 1;
    this.max = options.max ?? Infinity;
  }

  get count(): number {
    return this.#count;
  }

  /** Adds the step and emits 'incremented' with the new count. Past `max` it emits 'error' and leaves the count alone. */
  increment(): number {
    const next = this.#count + this.step;
    if (next > this.max) {
      this.emit('error', new RangeError(`count ${next} would pass the limit of ${this.max}`));
      return this.#count;
    }
    this.#count = next;
    this.emit('incremented', next);
    return next;
  }
}

function main(): void {
  const counter = new Counter(10);
  const callback = (count: number): void => {
    console.log(count);
  };
  counter.on('incremented', callback);

  counter.increment(); // 11
  counter.increment(); // 12

  counter.off('incremented', callback); // the book's removeListener
  counter.increment(); // counts to 13, but nobody is listening any more: prints nothing
  console.log(`count is ${counter.count}; 'incremented' listeners: ${counter.listenerCount('incremented')}`);
  console.log(`a Counter is an EventEmitter: ${counter instanceof EventEmitter}`);
}

if (require.main === module) main();
