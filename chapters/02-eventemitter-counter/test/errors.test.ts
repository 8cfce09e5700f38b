import * as assert from 'node:assert/strict';
import { Counter } from '../examples/01-counter-class';
import { headlines, runChild } from '../examples/04-error-events';
import { nextCount } from '../examples/05-await-events';
import { linesOf, readmeOutput, runExample } from './run';

describe("chapter 2: the 'error' event", () => {
  it("an 'error' event with no listener throws the error and the process exits 1", async () => {
    const run = await runChild('unhandled-error');
    assert.equal(run.exitCode, 1);
    assert.deepEqual(linesOf(run.stdout), ['incremented to 1', 'incremented to 2']); // "still running" never printed
    assert.deepEqual(headlines(run.stderr), ['RangeError: count 3 would pass the limit of 2', "Emitted 'error' event on Counter instance at:"]);
  });

  it("an 'error' event carrying something that is not an Error throws ERR_UNHANDLED_ERROR", async () => {
    const run = await runChild('unhandled-value');
    assert.equal(run.exitCode, 1);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^Error \[ERR_UNHANDLED_ERROR\]: Unhandled error\. \('limit reached'\)$/m);
    assert.match(run.stderr, /code: 'ERR_UNHANDLED_ERROR'/);
  });

  it("with an 'error' listener the same increment is reported and the process carries on, exit 0", async () => {
    const run = await runChild('handled');
    assert.equal(run.exitCode, 0, run.stderr);
    assert.deepEqual(linesOf(run.stdout), [
      'incremented to 1',
      'incremented to 2',
      "'error' listener: RangeError: count 3 would pass the limit of 2",
      'still running, count is 2',
    ]);
    assert.equal(run.stderr, '');
  });

  it("a rejecting async listener is an unhandled rejection, not an 'error' event, unless captureRejections is on", async () => {
    const [plain, captured] = await Promise.all([runChild('async-listener'), runChild('captured')]);
    assert.equal(plain.exitCode, 1);
    assert.equal(plain.stdout, '', "the 'error' listener never ran");
    assert.match(plain.stderr, /^Error: could not save count 1$/m);
    assert.equal(captured.exitCode, 0, captured.stderr);
    assert.deepEqual(linesOf(captured.stdout), ["'error' listener: could not save count 1"]);
  });

  it('04 prints the summary the README shows', async () => {
    const run = await runExample('04-error-events');
    assert.equal(run.exitCode, 0, run.stderr);
    assert.deepEqual(readmeOutput('04-error-events'), linesOf(run.stdout));
  });
});

describe('chapter 2: awaiting events', () => {
  it('events.once resolves with the next count and leaves no listener behind', async () => {
    const counter = new Counter(0);
    const next = nextCount(counter);
    assert.equal(counter.listenerCount('incremented'), 1);
    counter.increment();
    assert.equal(await next, 1);
    assert.equal(counter.listenerCount('incremented') + counter.listenerCount('error'), 0);
  });

  it("events.once rejects with the error when 'error' comes first", async () => {
    const counter = new Counter(0, { max: 0 });
    const next = nextCount(counter);
    counter.increment();
    await assert.rejects(next, { name: 'RangeError', message: 'count 1 would pass the limit of 0' });
  });

  it('events.once rejects with an AbortError when its signal aborts, and removes its listeners', async () => {
    const counter = new Counter(0);
    const controller = new AbortController();
    const next = nextCount(counter, controller.signal);
    const reason = new Error('gave up');
    controller.abort(reason);
    await assert.rejects(next, (error: Error & { cause?: unknown }) => error.name === 'AbortError' && error.cause === reason);
    assert.equal(counter.listenerCount('incremented') + counter.listenerCount('error'), 0);
    counter.increment(); // nobody is waiting any more: no error, no effect
  });

  it('05 prints what the README shows', async () => {
    const run = await runExample('05-await-events');
    assert.equal(run.exitCode, 0, run.stderr);
    assert.deepEqual(readmeOutput('05-await-events'), linesOf(run.stdout));
  });
});
