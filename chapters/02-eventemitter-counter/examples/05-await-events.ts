/**
 * 05: awaiting an event. events.once(emitter, name) returns a promise for the
 * next event's arguments. It rejects if the emitter emits 'error' first, and
 * with an AbortSignal it gives up when the signal aborts, removing its
 * listeners either way.
 *
 * Run: npx tsx chapters/02-eventemitter-counter/examples/05-await-events.ts
 */
import { once } from 'node:events';
import { Counter } from './01-counter-class';

/** Waits for the counter's next 'incremented' event and returns the count, or throws. */
export async function nextCount(counter: Counter, signal?: AbortSignal): Promise<number> {
  const [count] = (await once(counter, 'incremented', { signal })) as [number];
  return count;
}

async function main(): Promise<void> {
  const counter = new Counter(0, { max: 2 });

  console.log('1. the next increment, whenever it comes');
  setTimeout(() => counter.increment(), 10);
  console.log(`  resolved with ${await nextCount(counter)}`);

  console.log("2. an 'error' event while waiting rejects the promise");
  counter.increment(); // 2
  setTimeout(() => counter.increment(), 10); // 3 would pass max: 'error'
  try {
    await nextCount(counter);
  } catch (error) {
    console.log(`  rejected with ${String(error)}`);
  }

  console.log('3. nobody increments: an AbortSignal ends the wait');
  // AbortSignal.timeout(50) would do, but its timer does not keep the process alive:
  // with nothing else pending, Node would exit here without settling the promise.
  const controller = new AbortController();
  setTimeout(() => controller.abort(new Error('nothing happened for 50 ms')), 50);
  try {
    await nextCount(counter, controller.signal);
  } catch (error) {
    const abort = error as Error & { cause?: unknown };
    console.log(`  rejected with ${abort.name}, because of ${String(abort.cause)}`);
  }
  console.log(`  listeners left behind: ${counter.listenerCount('incremented') + counter.listenerCount('error')}`);
}

if (require.main === module) void main();
