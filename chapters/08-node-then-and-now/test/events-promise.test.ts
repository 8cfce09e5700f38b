/**
 * The events.Promise shim (then/events.ts): callbacks before and after the
 * promise fires, errbacks, the next-tick rule for unhandled errors, timeout(),
 * and wait() as it really behaves on today's Node.
 */
import * as assert from 'node:assert/strict';
import { EventsPromise, EventsPromiseError, WaitWouldDeadlockError } from '../then/events';
import * as posix from '../then/posix';
import { slowSource } from './fixtures/slow-source';
import { runFixture } from './support';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('chapter 8: events.Promise shim (then/events.ts)', () => {
  describe('callbacks and errbacks', () => {
    it('runs callbacks added before it fires, in order, with every argument; addCallback returns the promise', () => {
      const promise = new EventsPromise<[number, string]>();
      const calls: string[] = [];
      assert.equal(promise.addCallback((n, s) => calls.push(`first ${n} ${s}`)), promise);
      promise.addCallback((n, s) => calls.push(`second ${n} ${s}`));
      assert.equal(promise.hasFired, null);
      promise.emitSuccess(42, 'answer');
      assert.deepEqual(calls, ['first 42 answer', 'second 42 answer']);
      assert.equal(promise.hasFired, 'success');
    });

    it('runs a callback added AFTER it fired right away, synchronously (a native Promise waits for a microtask)', () => {
      const promise = new EventsPromise<[string]>();
      promise.emitSuccess('done');
      const order: string[] = [];
      promise.addCallback((value) => order.push(`callback ${value}`));
      order.push('next line');
      assert.deepEqual(order, ['callback done', 'next line']);
    });

    it('fires once: a second emitSuccess, or an emitError after success, changes nothing', () => {
      const promise = new EventsPromise<[number], [string]>();
      const seen: string[] = [];
      promise.addCallback((n) => seen.push(`success ${n}`)).addErrback((e) => seen.push(`error ${e}`));
      promise.emitSuccess(1);
      promise.emitSuccess(2);
      promise.emitError('late');
      assert.deepEqual(seen, ['success 1']);
      assert.equal(promise.wait(), 1);
    });

    it('runs errbacks with the error arguments, before and after it fired; callbacks of a failed promise never run', () => {
      const promise = new EventsPromise<[string], [number, string]>();
      const seen: string[] = [];
      promise.addErrback((code, message) => seen.push(`before: ${code} ${message}`));
      promise.addCallback(() => seen.push('callback'));
      promise.emitError(3, 'NXDOMAIN');
      promise.addErrback((code, message) => seen.push(`after: ${code} ${message}`));
      promise.addCallback(() => seen.push('callback'));
      assert.deepEqual(seen, ['before: 3 NXDOMAIN', 'after: 3 NXDOMAIN']);
      assert.equal(promise.hasFired, 'error');
    });

    it('an errback attached in the same tick as emitError prevents the exception (in-process check)', async () => {
      const promise = new EventsPromise<[], [string]>();
      promise.emitError('wrong answer');
      let caught = '';
      promise.addErrback((reason) => (caught = reason));
      await tick(); // the next-tick check has run: had it thrown, mocha would report an uncaught exception here
      assert.equal(caught, 'wrong answer');
    });
  });

  describe('an error nobody handles by the next tick is thrown (in a child process)', () => {
    it('no errback at all: the process dies with the error, before its timer can print', async () => {
      const run = await runFixture('unhandled-emit-error', ['never']);
      assert.equal(run.exitCode, 1);
      assert.match(run.stderr, /EventsPromiseError: events\.Promise emitted "error" with 'wrong answer'/);
      assert.doesNotMatch(run.stdout, /still running/);
    });

    it('an errback attached in the same tick catches it, and the process carries on', async () => {
      const run = await runFixture('unhandled-emit-error', ['same-tick']);
      assert.equal(run.exitCode, 0, run.stderr);
      assert.equal(run.stdout, 'errback: wrong answer\nstill running\n');
    });

    it('an errback attached in a later tick is too late: the exception was already thrown', async () => {
      const run = await runFixture('unhandled-emit-error', ['later-tick']);
      assert.equal(run.exitCode, 1);
      assert.doesNotMatch(run.stdout, /errback/);
    });
  });

  describe('timeout()', () => {
    it('fires an Error("timeout") at the errbacks when still pending; timeout() returns the value set', async () => {
      const promise = new EventsPromise<[string], [Error]>();
      assert.equal(promise.timeout(), undefined);
      assert.equal(promise.timeout(30), promise);
      assert.equal(promise.timeout(), 30);
      const error = await new Promise<Error>((resolve) => promise.addErrback(resolve));
      assert.ok(error instanceof Error);
      assert.equal(error.message, 'timeout');
      promise.emitSuccess('too late'); // ignored: the promise has fired
      assert.equal(promise.hasFired, 'error');
    });

    it('is cancelled by success: no error follows, even well after the timeout', async () => {
      const promise = new EventsPromise<[string], [Error]>();
      const errors: Error[] = [];
      promise.timeout(20).addErrback((error) => errors.push(error));
      promise.emitSuccess('in time');
      await sleep(80);
      assert.deepEqual(errors, []);
      assert.equal(promise.wait(), 'in time');
    });
  });

  describe('wait()', () => {
    it('returns the single success argument, an array of several, undefined for none', () => {
      const one = new EventsPromise<[number]>();
      one.emitSuccess(7);
      assert.equal(one.wait(), 7);
      const two = new EventsPromise<[number, string]>();
      two.emitSuccess(7, 'seven');
      assert.deepEqual(two.wait(), [7, 'seven']);
      const none = new EventsPromise<[]>();
      none.emitSuccess();
      assert.equal(none.wait(), undefined);
    });

    it('throws the error; a non-Error value comes wrapped in an EventsPromiseError that keeps the values', async () => {
      const withError = new EventsPromise<[], [Error]>();
      const cause = new Error('disk on fire');
      withError.emitError(cause);
      assert.throws(() => withError.wait(), (thrown) => thrown === cause);

      const withValues = new EventsPromise<[], [number, string]>();
      withValues.emitError(3, 'NXDOMAIN');
      assert.throws(
        () => withValues.wait(),
        (thrown) => thrown instanceof EventsPromiseError && (thrown.values as unknown[])[1] === 'NXDOMAIN',
      );
      await tick(); // wait() counted as handling: no exception at the next tick
    });

    it('on a promise settled by this thread (a timer) throws WaitWouldDeadlockError instead of hanging; callbacks still work', async () => {
      const promise = new EventsPromise<[string]>();
      setTimeout(() => promise.emitSuccess('from the timer'), 10);
      assert.throws(() => promise.wait(), WaitWouldDeadlockError);
      assert.equal(promise.hasFired, null);
      const value = await new Promise<string>((resolve) => promise.addCallback(resolve));
      assert.equal(value, 'from the timer');
      assert.equal(promise.wait(), 'from the timer'); // fired now: wait() just returns it
    });

    it('blocks the thread until another thread delivers: no timer of this thread runs meanwhile (no nested event loop)', async () => {
      const source = slowSource({ kind: 'success', values: ['from the worker'] }, 200);
      try {
        let timerRan = false;
        setTimeout(() => (timerRan = true), 0); // due long before the worker answers
        const promise = new EventsPromise<[string]>(source);
        assert.equal(promise.wait(), 'from the worker');
        assert.equal(timerRan, false, '2009 would have run the timer inside wait(); this thread was blocked');
        await sleep(5);
        assert.equal(timerRan, true);
      } finally {
        await source.worker.terminate();
      }
    });

    it('with a timeout shorter than the other thread, wait() throws Error("timeout") and the errbacks get it', async () => {
      const source = slowSource({ kind: 'success', values: ['much too late'] }, 5_000);
      try {
        const promise = new EventsPromise<[string], [Error]>(source);
        const errbacks: string[] = [];
        promise.timeout(100).addErrback((error) => errbacks.push(error.message));
        assert.throws(() => promise.wait(), /^Error: timeout$/);
        assert.deepEqual(errbacks, ['timeout']);
      } finally {
        await source.worker.terminate();
      }
    });

    it('delivers an error from the other thread as an exception and to the errbacks', async () => {
      const source = slowSource({ kind: 'error', values: ['EACCES'] }, 10);
      try {
        const promise = new EventsPromise<[], [string]>(source);
        const errbacks: string[] = [];
        promise.addErrback((code) => errbacks.push(code));
        assert.throws(() => promise.wait(), EventsPromiseError);
        assert.deepEqual(errbacks, ['EACCES']);
      } finally {
        await source.worker.terminate();
      }
    });

    it("the posix shim's promises can be waited for: the worker thread answers while this one is blocked", () => {
      const promise = posix.stat(__filename);
      assert.equal(promise.hasFired, null);
      const stats = promise.wait();
      assert.equal(stats.isFile(), true);
      assert.ok(stats.size > 0);
      assert.throws(() => posix.stat('/no/such/file').wait(), (error: NodeJS.ErrnoException) => error.code === 'ENOENT');
    });
  });
});
