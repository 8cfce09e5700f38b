import * as assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { Counter } from '../examples/01-counter-class';
import { asPrinted, corrected, NewLegacyCounter } from '../examples/02-counter-inherits';
import { linesOf, readmeOutput, runExample } from './run';

describe('chapter 2: the Counter (class syntax and util.inherits)', () => {
  it('01 prints 11 and 12, then nothing once its listener is removed, as the README shows', async () => {
    const run = await runExample('01-counter-class');
    assert.equal(run.exitCode, 0, run.stderr);
    assert.deepEqual(linesOf(run.stdout), ['11', '12', "count is 13; 'incremented' listeners: 0", 'a Counter is an EventEmitter: true']);
    assert.deepEqual(readmeOutput('01-counter-class'), linesOf(run.stdout));
  });

  it('the class Counter emits each new count, honours the step, and inherits from EventEmitter (statics too)', () => {
    const counter = new Counter(10, { step: 5 });
    const heard: number[] = [];
    counter.on('incremented', (count: number) => heard.push(count));
    assert.equal(counter.increment(), 15);
    assert.equal(counter.increment(), 20);
    assert.deepEqual(heard, [15, 20]);
    assert.equal(counter.count, 20);
    assert.ok(counter instanceof EventEmitter);
    assert.equal(Object.getPrototypeOf(Counter), EventEmitter); // class ... extends links the constructors
  });

  it("past max the Counter emits 'error' with a RangeError and keeps its count", () => {
    const counter = new Counter(0, { max: 1 });
    const errors: Error[] = [];
    counter.on('error', (error: Error) => errors.push(error));
    counter.increment();
    assert.equal(counter.increment(), 1);
    assert.equal(errors.length, 1);
    assert.ok(errors[0] instanceof RangeError);
    assert.equal(errors[0].message, 'count 2 would pass the limit of 1');
  });

  it('02: the sample as printed emits 10 twice; the corrected util.inherits version emits 11 and 12', async () => {
    assert.deepEqual(asPrinted(), [10, 10]);
    assert.deepEqual(corrected(), [11, 12]);
    const run = await runExample('02-counter-inherits');
    assert.equal(run.exitCode, 0, run.stderr);
    assert.deepEqual(linesOf(run.stdout), [
      'as printed: 10, 10',
      'corrected:  11, 12',
      'instanceof EventEmitter: true',
      'LegacyCounter.super_ === EventEmitter: true',
      'static EventEmitter.once inherited: by class Counter true, by LegacyCounter false',
    ]);
    assert.deepEqual(readmeOutput('02-counter-inherits'), linesOf(run.stdout));
  });

  it('the util.inherits Counter ran the EventEmitter constructor on itself and shares increment() through its prototype', () => {
    const a = new NewLegacyCounter(0);
    const b = new NewLegacyCounter(100);
    assert.ok(Object.hasOwn(a, '_events'), 'EventEmitter.call(this) sets up the listener table on the instance');
    assert.equal(a.increment, b.increment);
    assert.ok(!Object.hasOwn(a, 'increment'));
    const heard: number[] = [];
    b.on('incremented', (count: number) => heard.push(count));
    a.increment();
    b.increment();
    assert.deepEqual(heard, [101], 'each instance has its own listeners');
  });
});
