/**
 * events.Promise (2009): addCallback, addErrback, timeout, wait.
 * Today: Promise, async/await, AbortSignal.timeout.
 */
import * as fs from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { section } from '../lib/sections';
import * as events from '../then/events';
import * as posix from '../then/posix';
import * as sys from '../then/sys';

const QUESTION = 'what do you get if you multiply six by nine?';

// ---- 2009 ----------------------------------------------------------------
function computeQuestion2009(answer: number): events.Promise<[question: string], [reason: string]> {
  const promise = new events.Promise<[string], [string]>();
  if (answer !== 42) {
    promise.emitError('wrong answer');
    return promise;
  }
  setTimeout(function () {
    promise.emitSuccess(QUESTION); // computing the question takes a while
  }, 10);
  return promise;
}

function neverAnswers2009(): events.Promise<[string], [Error]> {
  return new events.Promise<[string], [Error]>(); // nobody will ever call emitSuccess
}

function then2009(done: () => void): void {
  computeQuestion2009(42).addCallback(function (question) {
    sys.puts('question: ' + question);

    computeQuestion2009(23).addErrback(function (reason) {
      sys.puts('error: ' + reason); // attached in the same tick: no exception

      const promise = neverAnswers2009();
      promise.timeout(50);
      promise.addErrback(function (e) {
        if (e instanceof Error && e.message === 'timeout') sys.puts('gave up after ' + promise.timeout() + ' ms');
        else sys.puts('another error: ' + e);

        const answered = computeQuestion2009(42);
        answered.addCallback(function () {
          answered.addCallback(function (again) {
            sys.puts('a callback added after the fact still gets: ' + again);

            const stats = posix.stat(__filename).wait(); // blocks until the worker thread answers
            sys.puts('wait() returned the stats: a file? ' + stats.isFile());
            done();
          });
        });
      });
    });
  });
}

// ---- today ---------------------------------------------------------------
async function computeQuestion(answer: number): Promise<string> {
  if (answer !== 42) throw new Error('wrong answer');
  await sleep(10);
  return QUESTION;
}

async function neverAnswers(signal: AbortSignal): Promise<string> {
  await sleep(60_000, undefined, { signal }); // stands for work that takes too long; it honours the signal
  return 'too late';
}

async function now(): Promise<void> {
  console.log(`question: ${await computeQuestion(42)}`);

  try {
    await computeQuestion(23);
  } catch (error) {
    console.log(`error: ${(error as Error).message}`);
  }

  try {
    await neverAnswers(AbortSignal.timeout(50));
  } catch (error) {
    // the operation rejects with an AbortError whose cause is the signal's TimeoutError
    const cause = (error as Error).cause as Error | undefined;
    if (cause?.name === 'TimeoutError') console.log('gave up after 50 ms');
    else console.log(`another error: ${String(error)}`);
  }

  const answered = computeQuestion(42);
  await answered;
  console.log(`a callback added after the fact still gets: ${await answered}`);

  const stats = await fs.stat(__filename); // suspends this function only; the event loop keeps running
  console.log(`wait() returned the stats: a file? ${stats.isFile()}`);
}

async function changed(): Promise<void> {
  section('changed', 'what wait() cannot do today, and when late callbacks run');
  const fromATimer = computeQuestion2009(42); // settled by a timer: by this thread's event loop
  try {
    fromATimer.wait();
  } catch (error) {
    console.log(`wait() on a timer's promise throws ${(error as Error).name}, instead of blocking forever`);
  }
  await new Promise<void>((resolve) => fromATimer.addCallback(() => resolve()));

  const order2009: string[] = [];
  fromATimer.addCallback(() => order2009.push('callback'));
  order2009.push('next line');
  console.log(`events.Promise already fired: ${order2009.join(', ')} (the callback runs at once)`);

  const settled = Promise.resolve(QUESTION);
  const orderNow: string[] = [];
  const late = settled.then(() => orderNow.push('callback'));
  orderNow.push('next line');
  await late;
  console.log(`Promise already settled: ${orderNow.join(', ')} (the callback waits for the current code to finish)`);
}

void (async () => {
  section('then', 'events.Promise: addCallback, addErrback, timeout, wait (then/events.ts)');
  await new Promise<void>((resolve) => then2009(resolve));
  section('now', 'Promise, async/await, AbortSignal.timeout');
  await now();
  await changed();
})();
