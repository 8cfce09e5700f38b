/**
 * The Counter in this process: what it emits, in which order, what happens to
 * bad input, and whether every listener it or its helpers add is removed again.
 */
import * as assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import * as path from 'node:path';
import { loadSubject } from '../../shared/subject';

const EXERCISE_DIR = path.resolve(__dirname, '..');

type CounterModule = typeof import('../counter');
type Counter = InstanceType<CounterModule['Counter']>;

/** Every listener the counter holds, per event: what a leak would show. */
function listenersOf(counter: Counter): string {
  return `change ${counter.listenerCount('change')}, limit ${counter.listenerCount('limit')}, error ${counter.listenerCount('error')}`;
}

function assertNoListenersLeft(counter: Counter, after: string): void {
  const held = listenersOf(counter);
  assert.equal(held, 'change 0, limit 0, error 0', `after ${after}, the counter should hold no listener; it holds: ${held}`);
}

describe('exercise 02: Counter', function () {
  this.timeout(10_000);
  let subject: CounterModule;

  before(function () {
    subject = loadSubject<CounterModule>(EXERCISE_DIR, 'counter.ts');
  });

  describe('add() and its events', function () {
    it('counts up by one by default, by `amount` otherwise, and returns the new count', function () {
      const counter = new subject.Counter({ start: 5, limit: 100 });
      assert.equal(counter.count, 5, 'count should start at `start`');
      assert.equal(counter.add(), 6, 'add() should return the new count');
      assert.equal(counter.add(10), 16, 'add(10) should return the new count');
      assert.equal(counter.count, 16);
      assert.equal(new subject.Counter({ limit: 3 }).count, 0, 'count should start at 0 without `start`');
    });

    it("emits 'change' with the new and the previous count, once per add, before add() returns", function () {
      const counter = new subject.Counter({ limit: 100 });
      const heard: string[] = [];
      counter.on('change', (count, previous) => heard.push(`change ${count} from ${previous}`));
      counter.add();
      heard.push('add() returned');
      counter.add(3);
      assert.deepEqual(heard, ['change 1 from 0', 'add() returned', 'change 4 from 1']);
    });

    it("emits 'limit' once, the first time the count reaches the limit, right after that add's 'change'", function () {
      const counter = new subject.Counter({ start: 7, limit: 10 });
      const heard: string[] = [];
      counter.on('change', (count) => heard.push(`change ${count}`));
      counter.on('limit', (count) => heard.push(`limit ${count}`));
      counter.add(2); // 9
      counter.add(4); // 13: past the limit in one step
      counter.add(); // 14: the limit was already reached
      assert.deepEqual(heard, ['change 9', 'change 13', 'limit 13', 'change 14']);
    });

    it("does not emit 'limit' a second time when a 'limit' listener adds again", function () {
      const counter = new subject.Counter({ limit: 2 });
      const limits: number[] = [];
      counter.on('limit', (count) => {
        limits.push(count);
        counter.add();
      });
      counter.add(2);
      assert.deepEqual(limits, [2], `'limit' should fire once; it fired with ${JSON.stringify(limits)}`);
      assert.equal(counter.count, 3);
    });
  });

  describe('bad input', function () {
    it("reports a bad amount as an 'error' event (RangeError or TypeError) and changes nothing", function () {
      const counter = new subject.Counter({ start: 1, limit: 5 });
      const errors: Error[] = [];
      let changes = 0;
      counter.on('error', (error) => errors.push(error));
      counter.on('change', () => (changes += 1));
      const bad: [unknown, ErrorConstructor | RangeErrorConstructor | TypeErrorConstructor][] = [
        [0, RangeError],
        [-2, RangeError],
        [1.5, RangeError],
        [Number.NaN, RangeError],
        ['3', TypeError],
      ];
      for (const [amount, expected] of bad) {
        const returned = counter.add(amount as number);
        assert.equal(returned, 1, `add(${JSON.stringify(amount)}) should change nothing and return the count, 1; it returned ${returned}`);
        const error = errors.shift();
        assert.ok(error instanceof expected, `add(${JSON.stringify(amount)}) should emit 'error' with a ${expected.name}, got ${String(error)}`);
      }
      assert.equal(counter.count, 1, 'the count should not change');
      assert.equal(changes, 0, `no 'change' should be emitted for bad amounts; got ${changes}`);
    });

    it("without an 'error' listener, a bad amount throws its RangeError (as every EventEmitter's 'error' does)", function () {
      const counter = new subject.Counter({ limit: 5 });
      assert.throws(() => counter.add(-1), RangeError);
      assert.equal(counter.count, 0);
    });

    it('refuses bad options at construction with a RangeError', function () {
      for (const options of [{ limit: 0 }, { start: 5, limit: 5 }, { start: 5, limit: 2 }, { limit: 2.5 }, { start: 0.5, limit: 3 }, { limit: Number.NaN }]) {
        assert.throws(() => new subject.Counter(options), RangeError, `new Counter(${JSON.stringify(options)}) should throw a RangeError`);
      }
    });
  });

  describe('onChange(): subscribe, unsubscribe', function () {
    it('calls the listener on every change until unsubscribed, then never again', function () {
      const counter = new subject.Counter({ limit: 100 });
      const heard: number[] = [];
      const unsubscribe = counter.onChange((count) => heard.push(count));
      counter.add();
      counter.add();
      unsubscribe();
      counter.add();
      assert.deepEqual(heard, [1, 2]);
      assert.equal(counter.listenerCount('change'), 0, `after unsubscribing, the counter still holds listeners: ${listenersOf(counter)}`);
    });

    it('unsubscribing removes only its own registration, and a second call does nothing', function () {
      const counter = new subject.Counter({ limit: 100 });
      const heard: string[] = [];
      const listener = (count: number): void => {
        heard.push(`listener ${count}`);
      };
      const first = counter.onChange(listener);
      const second = counter.onChange(listener); // the same function, subscribed twice
      counter.on('change', (count) => heard.push(`other ${count}`));
      first();
      first(); // again: must not remove the second subscription
      counter.add();
      assert.deepEqual(heard, ['listener 1', 'other 1'], 'one subscription of `listener` and the other listener should remain');
      second();
      counter.add();
      assert.deepEqual(heard, ['listener 1', 'other 1', 'other 2']);
      assert.equal(counter.listenerCount('change'), 1, `only the plain 'change' listener should be left: ${listenersOf(counter)}`);
    });
  });

  describe('whenLimit(): awaiting an event', function () {
    it('resolves with the count when the limit is reached, and leaves no listener behind (on the counter or on the signal)', async function () {
      const counter = new subject.Counter({ limit: 3 });
      const signal = new AbortController().signal; // a long-lived signal, as a server would pass to many waits
      const waiting = counter.whenLimit(signal);
      counter.add();
      setImmediate(() => counter.add(5));
      assert.equal(await waiting, 6);
      assertNoListenersLeft(counter, 'the wait ended');
      assert.equal(getEventListeners(signal, 'abort').length, 0, "the signal still holds an 'abort' listener after the wait ended");
    });

    it('resolves at once when the limit was already reached', async function () {
      const counter = new subject.Counter({ limit: 2 });
      counter.add(2);
      assert.equal(await counter.whenLimit(), 2);
      assertNoListenersLeft(counter, 'the wait ended');
    });

    it("rejects when the counter emits 'error' while waiting, and leaves no listener behind", async function () {
      const counter = new subject.Counter({ limit: 3 });
      const waiting = counter.whenLimit();
      counter.add(-5); // the waiting promise is the only 'error' listener: it must catch this
      await assert.rejects(waiting, RangeError, "whenLimit() should reject with the 'error' event's RangeError");
      assertNoListenersLeft(counter, "the wait ended with an 'error'");
    });

    it('rejects with an AbortError when the signal aborts, or was aborted already, and leaves no listener behind', async function () {
      const counter = new subject.Counter({ limit: 3 });
      const controller = new AbortController();
      const waiting = counter.whenLimit(controller.signal);
      setImmediate(() => controller.abort());
      await assert.rejects(waiting, { name: 'AbortError' });
      await assert.rejects(counter.whenLimit(AbortSignal.abort()), { name: 'AbortError' });
      assertNoListenersLeft(counter, 'the waits were aborted');
    });

    it('no leak: 50 aborted waits and 50 unsubscribed listeners leave nothing behind and cause no MaxListenersExceededWarning', async function () {
      const counter = new subject.Counter({ limit: 3 });
      const warnings: string[] = [];
      const onWarning = (warning: Error): void => {
        warnings.push(`${warning.name}: ${warning.message}`);
      };
      process.on('warning', onWarning);
      try {
        for (let i = 0; i < 50; i++) {
          const controller = new AbortController();
          const waiting = counter.whenLimit(controller.signal);
          counter.onChange(() => {})();
          controller.abort();
          await assert.rejects(waiting, { name: 'AbortError' });
        }
        await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
      } finally {
        process.off('warning', onWarning);
      }
      assertNoListenersLeft(counter, '50 aborted waits and 50 unsubscribes');
      assert.deepEqual(warnings, [], `Node warned: ${warnings.join('; ')}`);
    });
  });
});
