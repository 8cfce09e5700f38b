// The learner's commands, run as a learner runs them: against the starters as committed.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { listExercises } from '../exercises';
import { REPO_ROOT } from '../../shared/subject';

const TSX = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');

function runRunner(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(TSX, ['exercises/runner/main.ts', ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, EXERCISE_SUBJECT: '', NO_COLOR: '1' },
    timeout: 120_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('make exercise N', () => {
  it('fails on a starter, names the failing checks and prints the README\'s first hint', () => {
    const exercise = listExercises().find((candidate) => candidate.number === 2);
    assert.ok(exercise !== undefined, 'exercise 2 exists');
    const run = runRunner('check', '2');
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, new RegExp(`^Exercise 2: ${escape(exercise.title)}`));
    assert.match(run.stdout, /^ {2}✗ /m);
    assert.match(run.stdout, /^FAIL {2}\d+ of \d+ checks fail\.$/m);
    assert.ok(run.stdout.includes(`Hint 1: ${exercise.hints[0]}`), run.stdout);
  });

  it('refuses a number that is not an exercise with one line and exit 2', () => {
    for (const bad of ['0', '99', 'three']) {
      const run = runRunner('check', bad);
      assert.equal(run.code, 2, `check ${bad}: ${run.stderr}`);
      assert.equal(run.stdout, '');
      assert.equal(run.stderr.trimEnd().split('\n').length, 1, run.stderr);
      assert.match(run.stderr, /^exercise: /);
    }
  });

  it('refuses a missing number and an unknown command with one line and exit 2', () => {
    for (const args of [['check'], ['frobnicate']]) {
      const run = runRunner(...args);
      assert.equal(run.code, 2, run.stderr);
      assert.equal(run.stderr.trimEnd().split('\n').length, 1, run.stderr);
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
