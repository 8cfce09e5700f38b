/**
 * 02: the same Counter in the book's 2015 style: a constructor function whose
 * prototype is linked to EventEmitter's with util.inherits. First the sample
 * as the printed page has it (braces restored), which prints 10 twice; then
 * the corrected version, which prints 11 and 12 as the text says.
 *
 * Run: npx tsx chapters/02-eventemitter-counter/examples/02-counter-inherits.ts
 */
import { EventEmitter } from 'node:events';
import * as util from 'node:util';
import { Counter } from './01-counter-class';

// --- As printed: increment() emits `init`, but nothing ever changes `init`.
interface AsPrintedCounter extends EventEmitter {
  increment(): void;
}

function AsPrintedCounter(this: AsPrintedCounter, init: number): void {
  this.increment = function (this: AsPrintedCounter) {
    this.emit('incremented', init); // the count never goes up
  };
}
util.inherits(AsPrintedCounter, EventEmitter);

// --- Corrected, the 2015 way, written carefully.
interface LegacyCounter extends EventEmitter {
  count: number;
  increment(): number;
}

function LegacyCounter(this: LegacyCounter, init: number): void {
  EventEmitter.call(this); // 1. run the parent constructor on this object (the book left it out)
  this.count = init;
}
util.inherits(LegacyCounter, EventEmitter); // 2. LegacyCounter.prototype now inherits from EventEmitter.prototype

// 3. methods go on the prototype, shared by every instance, and after util.inherits:
//    the Node of 2015 replaced the prototype object there, losing whatever was added before it.
LegacyCounter.prototype.increment = function (this: LegacyCounter): number {
  this.count += 1; // the line the printed sample lacks
  this.emit('incremented', this.count);
  return this.count;
};

// TypeScript cannot see what util.inherits did at run time: to call `new` on
// these functions we have to describe their construct signatures by hand.
const NewAsPrinted = AsPrintedCounter as unknown as new (init: number) => AsPrintedCounter;
export const NewLegacyCounter = LegacyCounter as unknown as new (init: number) => LegacyCounter;

/** Runs a counter started at 10 through two increments; returns what the 'incremented' listener heard. */
function twoIncrements(counter: { addListener: EventEmitter['addListener']; increment(): unknown }): number[] {
  const heard: number[] = [];
  const callback = (count: number): void => {
    heard.push(count);
  };
  counter.addListener('incremented', callback); // addListener: the older name of on()
  counter.increment();
  counter.increment();
  return heard;
}

export function asPrinted(): number[] {
  return twoIncrements(new NewAsPrinted(10));
}

export function corrected(): number[] {
  return twoIncrements(new NewLegacyCounter(10));
}

function main(): void {
  console.log(`as printed: ${asPrinted().join(', ')}`);
  console.log(`corrected:  ${corrected().join(', ')}`);

  const counter = new NewLegacyCounter(10);
  console.log(`instanceof EventEmitter: ${counter instanceof EventEmitter}`);
  console.log(`LegacyCounter.super_ === EventEmitter: ${(LegacyCounter as unknown as { super_: unknown }).super_ === EventEmitter}`);
  // class ... extends also links the constructors, so static members are inherited; util.inherits does not.
  console.log(`static EventEmitter.once inherited: by class Counter ${'once' in Counter}, by LegacyCounter ${'once' in LegacyCounter}`);
}

if (require.main === module) main();
