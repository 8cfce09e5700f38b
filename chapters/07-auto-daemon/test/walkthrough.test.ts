import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { runWalkthrough } from '../../shared/walkthrough';
import { CHAPTER_DIR } from './run';

/** The worker indexes and counts of `count N (step S, worker W)` lines. */
function answers(output: string): Array<{ count: number; worker: number }> {
  return [...output.matchAll(/^count (\d+) \(step \d+, worker (\d+)\)$/gm)].map((match) => ({ count: Number(match[1]), worker: Number(match[2]) }));
}

describe('chapter 7: deploy walkthrough', () => {
  it('two workers count in one sequence through an auto-daemon that outlives a deploy and ends by autoclose after the stop', async () => {
    const results = await runWalkthrough(path.join(CHAPTER_DIR, 'README.md'), path.join(CHAPTER_DIR, 'deploy'));
    const counts = results.filter((result) => result.command.includes('/count')).map((result) => answers(result.output));
    assert.equal(counts.length, 2);
    const [before, after] = counts as [Array<{ count: number; worker: number }>, Array<{ count: number; worker: number }>];
    assert.deepEqual(before.map((answer) => answer.count), [1, 2, 3, 4]);
    assert.deepEqual(after.map((answer) => answer.count), [14, 24, 34, 44], 'the count survived the deploy');
    assert.deepEqual([...new Set(before.map((answer) => answer.worker))].sort(), [0, 1], 'both workers counted before the deploy');
    assert.deepEqual([...new Set(after.map((answer) => answer.worker))].sort(), [0, 1], 'and both new workers after it');
    const daemons = results.flatMap((result) => [...result.output.matchAll(/daemon:? (?:pid )?(\d+)/g)].map((match) => match[1]));
    assert.ok(daemons.length >= 3);
    assert.equal(new Set(daemons).size, 1, `one daemon throughout: ${daemons.join(', ')}`);
    assert.equal(results[results.length - 1]?.command, 'node check-nothing-left.js daemon-before-deploy.pid');
  });
});
