/**
 * 06: typed events. @types/node's EventEmitter takes a type parameter, a map
 * from event name to the tuple of arguments, and then checks every on(),
 * once(), off() and emit() against it at compile time. The run-time behaviour
 * is unchanged: this file shows the mistake the types catch.
 *
 * Run: npx tsx chapters/02-eventemitter-counter/examples/06-typed-events.ts
 * Type-check the mistakes: see typecheck/typed-counter-misuse.ts
 */
import { EventEmitter } from 'node:events';
import { Counter, type CounterOptions } from './01-counter-class';

/** Every event a TypedCounter emits, with the arguments its listeners receive. */
export type CounterEvents = {
  incremented: [count: number];
  error: [error: Error];
};

export class TypedCounter extends EventEmitter<CounterEvents> {
  #count: number;
  readonly step: number;
  readonly max: number;

  constructor(init = 0, options: CounterOptions = {}) {
    super({ captureRejections: options.captureRejections });
    this.#count = init;
    this.step = options.step ?? 1;
    this.max = options.max ?? Infinity;
  }

  get count(): number {
    return this.#count;
  }

  increment(): number {
    const next = this.#count + this.step;
    if (next > this.max) {
      this.emit('error', new RangeError(`count ${next} would pass the limit of ${this.max}`)); // checked: an Error
      return this.#count;
    }
    this.#count = next;
    this.emit('incremented', next); // checked: one number
    return next;
  }
}

function main(): void {
  // The untyped Counter accepts any event name, so a typo compiles and the listener never runs.
  const untyped = new Counter(10);
  untyped.on('incremnted', (count: number) => console.log(`untyped heard ${count}`));
  untyped.increment();
  console.log(`untyped: count ${untyped.count}, the listener on 'incremnted' never ran`);

  // The typed one: `count` is inferred as number, and the typo would not compile.
  const typed = new TypedCounter(10);
  typed.on('incremented', (count) => console.log(`typed heard ${count.toFixed(0)}`));
  typed.increment();
  typed.increment();
}

if (require.main === module) main();
