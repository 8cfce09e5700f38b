import * as assert from 'node:assert/strict';
import { Counter } from '../examples/01-counter-class';
import { linesOf, readmeOutput, runExample } from './run';

describe('chapter 2: on, once, off', () => {
  it('03 prints what the README shows, and Node warns about the 11th listener', async () => {
    const run = await runExample('03-on-once-off');
    assert.equal(run.exitCode, 0, run.stderr);
    const printed = linesOf(run.stdout);
    // The README shows the terminal, where Node's own print of the warning (stderr) comes in too.
    const fromNode = /^\(node:\d+\) |^\(Use `node --trace-warnings/;
    assert.deepEqual(
      readmeOutput('03-on-once-off').filter((line) => !fromNode.test(line)),
      printed,
    );
    assert.ok(printed.includes('  MaxListenersExceededWarning: Possible EventEmitter memory leak detected. 11 incremented listeners added to [Counter]. MaxListeners is 10. Use emitter.setMaxListeners() to increase limit'));
    assert.match(run.stderr, /^\(node:\d+\) MaxListenersExceededWarning: Possible EventEmitter memory leak detected\. 11 incremented listeners/m);
  });

  it('on() hears every event, in the order the listeners were added, inside emit()', () => {
    const counter = new Counter(0);
    const order: string[] = [];
    counter.on('incremented', (count: number) => order.push(`a${count}`));
    counter.on('incremented', (count: number) => order.push(`b${count}`));
    counter.increment();
    order.push('returned');
    counter.increment();
    assert.deepEqual(order, ['a1', 'b1', 'returned', 'a2', 'b2']);
    assert.equal(counter.listenerCount('incremented'), 2);
  });

  it('once() fires exactly once and removes itself before it runs', () => {
    const counter = new Counter(0);
    const heard: number[] = [];
    let countSeenInside = -1;
    counter.once('incremented', (count: number) => {
      heard.push(count);
      countSeenInside = counter.listenerCount('incremented');
    });
    assert.equal(counter.listenerCount('incremented'), 1);
    counter.increment();
    counter.increment();
    counter.increment();
    assert.deepEqual(heard, [1]);
    assert.equal(countSeenInside, 0);
    assert.equal(counter.listenerCount('incremented'), 0);
  });

  it('off() removes exactly one registration of the function, and nothing when it is not registered', () => {
    const counter = new Counter(0);
    const heard: number[] = [];
    const listener = (count: number): void => {
      heard.push(count);
    };
    const other = (): void => {};
    counter.on('incremented', listener);
    counter.on('incremented', other);
    counter.on('incremented', listener);
    assert.equal(counter.listenerCount('incremented'), 3);
    counter.off('incremented', listener);
    assert.equal(counter.listenerCount('incremented'), 2);
    assert.deepEqual(counter.listeners('incremented'), [listener, other]); // the last one added went first
    counter.increment();
    assert.deepEqual(heard, [1], 'the remaining registration still runs, once');
    counter.off('incremented', () => {}); // a different function: nothing to remove
    assert.equal(counter.listenerCount('incremented'), 2);
    counter.off('incremented', listener);
    counter.off('incremented', listener); // already gone: a no-op
    assert.deepEqual(counter.listeners('incremented'), [other]);
  });

  it('off() with the original function cancels a once() listener', () => {
    const counter = new Counter(0);
    let called = false;
    const listener = (): void => {
      called = true;
    };
    counter.once('incremented', listener);
    counter.off('incremented', listener);
    counter.increment();
    assert.equal(called, false);
    assert.equal(counter.listenerCount('incremented'), 0);
  });
});
