/**
 * countPrimes in this process: the count, bad input, progress reports, and
 * whether other callbacks (a setImmediate ticker, a second job) get turns
 * while it works. Turns are observed as events, never timed.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { loadSubject } from '../../shared/subject';
import { referencePrimeCount } from './reference';

const EXERCISE_DIR = path.resolve(__dirname, '..');

describe('exercise 01: countPrimes', function () {
  this.timeout(20_000);
  let subject: typeof import('../count-primes');

  before(function () {
    subject = loadSubject<typeof import('../count-primes')>(EXERCISE_DIR, 'count-primes.ts');
  });

  it('counts the primes below a limit', async function () {
    for (const limit of [0, 1, 2, 3, 4, 10, 100, 7_920, 250_000]) {
      const count = await subject.countPrimes(limit);
      assert.equal(count, referencePrimeCount(limit), `countPrimes(${limit}) should be ${referencePrimeCount(limit)}, got ${count}`);
    }
  });

  it('rejects a limit that is not a whole number of 0 or more with a RangeError (a rejected promise, not a throw)', async function () {
    for (const limit of [-1, 2.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      let returned: Promise<number>;
      try {
        returned = subject.countPrimes(limit);
      } catch (error) {
        assert.fail(`countPrimes(${limit}) threw (${String(error)}) instead of returning a rejected promise`);
      }
      await assert.rejects(returned, RangeError, `countPrimes(${limit}) should reject with a RangeError`);
    }
  });

  it('reports progress after each slice of at most 10 000 numbers, rising to the limit', async function () {
    const limit = 123_456;
    const reports: number[] = [];
    await subject.countPrimes(limit, (checked) => reports.push(checked));
    assert.ok(reports.length > 0, 'onProgress was never called');
    assert.equal(reports.at(-1), limit, `the last report should be ${limit} (every number checked), got ${reports.at(-1)}`);
    let previous = 0;
    for (const checked of reports) {
      assert.ok(checked > previous && checked - previous <= 10_000, `reports should rise by 1 to 10 000 each time; after ${previous} came ${checked} (all reports: ${reports.slice(0, 20).join(', ')}${reports.length > 20 ? ', ...' : ''})`);
      previous = checked;
    }
  });

  it('lets other callbacks run between its slices: a setImmediate ticker sees the job part-way, many times', async function () {
    const limit = 1_000_000;
    let latest = 0;
    let finished = false;
    const seenPartWay = new Set<number>();
    const ticker = async (): Promise<void> => {
      while (!finished) {
        if (latest > 0 && latest < limit) seenPartWay.add(latest);
        await nextTurn();
      }
    };
    const ticking = ticker();
    try {
      await subject.countPrimes(limit, (checked) => (latest = checked));
    } finally {
      finished = true;
      await ticking;
    }
    assert.ok(
      seenPartWay.size >= 20,
      `another callback, scheduled with setImmediate, should run between the slices and see the job part-way at least 20 times ` +
        `(${limit} numbers is 100 slices or more); it saw the job part-way ${seenPartWay.size} times`,
    );
  });

  it('shares the thread with a second job: two jobs started together take turns', async function () {
    const limit = 300_000;
    const log: string[] = [];
    await Promise.all([subject.countPrimes(limit, (checked) => log.push(`A ${checked}`)), subject.countPrimes(limit, (checked) => log.push(`B ${checked}`))]);
    const firstOfB = log.findIndex((entry) => entry.startsWith('B '));
    const lastOfA = log.lastIndexOf(`A ${limit}`);
    assert.ok(firstOfB !== -1 && lastOfA !== -1, `both jobs should report progress; got: ${log.join(', ')}`);
    assert.ok(firstOfB < lastOfA, `job B should make progress before job A is done, but A ran from start to end first: ${log.slice(0, 12).join(', ')}, ...`);
  });

  it('stops and rejects with the error when onProgress throws; no slice runs after that', async function () {
    let calls = 0;
    const stop = new Error('the listener gave up');
    const job = subject.countPrimes(500_000, () => {
      calls += 1;
      if (calls === 3) throw stop;
    });
    await assert.rejects(job, (error) => error === stop, 'the promise should reject with the error onProgress threw');
    for (let turn = 0; turn < 20; turn++) await nextTurn(); // a job that went on would report again meanwhile
    assert.equal(calls, 3, `onProgress was called ${calls} times: the job went on after the error`);
  });
});
