import * as assert from 'node:assert/strict';
import { listExercises, readHints, readTitle } from '../exercises';

describe('reading an exercise README', () => {
  const readme = [
    '# Exercise 3: Split a stream into lines',
    '',
    '## Your task',
    'Write it.',
    '',
    '## Hints',
    '',
    '1. A chunk can end in the middle of a line.',
    '   Keep the rest for the next chunk.',
    '2. `flush` runs once, at the end.',
    '',
    '## After the exercise',
    '3. not a hint',
  ].join('\n');

  it('takes the title from the "# Exercise N: title" line', () => {
    assert.equal(readTitle(readme, 'fallback'), 'Split a stream into lines');
    assert.equal(readTitle('# Something else', 'fallback'), 'fallback');
  });

  it('reads the numbered hints of the Hints section only, joining continuation lines', () => {
    assert.deepEqual(readHints(readme), ['A chunk can end in the middle of a line. Keep the rest for the next chunk.', '`flush` runs once, at the end.']);
  });
});

describe('the exercises in the repository', () => {
  it('are numbered 1, 2, 3, ... without gaps, each with a title and hints', () => {
    const exercises = listExercises();
    assert.ok(exercises.length >= 12, `expected at least 12 exercises, found ${exercises.length}`);
    assert.deepEqual(
      exercises.map((exercise) => exercise.number),
      exercises.map((_, index) => index + 1),
    );
    for (const exercise of exercises) {
      assert.notEqual(exercise.title, exercise.name, `${exercise.name}: README.md has no "# Exercise N: title" line`);
      assert.ok(exercise.hints.length >= 2, `${exercise.name}: fewer than 2 hints`);
    }
  });
});
