/**
 * 03: registering and removing listeners. on() hears every event, once() only
 * the next one, off() removes one registration of one function. Listeners run
 * synchronously, in the order they were added, inside emit().
 *
 * Run: npx tsx chapters/02-eventemitter-counter/examples/03-on-once-off.ts
 */
import { once } from 'node:events';
import { Counter } from './01-counter-class';

function countOf(counter: Counter): string {
  return `listeners: ${counter.listenerCount('incremented')}`;
}

async function main(): Promise<void> {
  const counter = new Counter(0);
  const log = (count: number): void => console.log(`  on:   ${count}`);

  console.log('1. on() and once()');
  counter.on('incremented', log);
  counter.once('incremented', (count: number) => console.log(`  once: ${count}`));
  console.log(`  ${countOf(counter)}`);
  console.log('  before increment()');
  counter.increment();
  console.log('  after increment()'); // both listeners have already run: emit() is synchronous
  console.log(`  ${countOf(counter)}`); // once() removed itself before calling its listener
  counter.increment();

  console.log('2. the same function added twice runs twice; off() removes one registration');
  counter.on('incremented', log);
  console.log(`  ${countOf(counter)}`);
  counter.increment();
  counter.off('incremented', log);
  console.log(`  ${countOf(counter)}`);
  counter.increment();
  counter.off('incremented', log);
  console.log(`  ${countOf(counter)}`);
  const heard = counter.emit('incremented', counter.count);
  console.log(`  emit() with no listener returns ${heard}`);

  console.log('3. off() with the function given to once() cancels it');
  const never = (count: number): void => console.log(`  never printed: ${count}`);
  counter.once('incremented', never);
  console.log(`  ${countOf(counter)}`);
  counter.off('incremented', never); // once() wrapped it, but off() finds the wrapper by the original function
  counter.increment();
  console.log(`  ${countOf(counter)}`);

  console.log('4. a listener added on every request is a leak: Node warns at 11');
  const warning = once(process, 'warning'); // the warning is emitted on the next tick
  for (let request = 1; request <= 11; request += 1) counter.on('incremented', () => {});
  const [leak] = (await warning) as [Error];
  console.log(`  ${leak.name}: ${leak.message}`);
  counter.removeAllListeners('incremented');
  console.log(`  after removeAllListeners(): ${countOf(counter)}`);
}

if (require.main === module) void main();
