/** Finds the exercises (exercises/NN-slug/) and reads what the runner shows from their READMEs. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXERCISES_ROOT, SOLUTIONS_ROOT } from '../shared/subject';

export interface Exercise {
  number: number;
  /** e.g. 03-line-splitter */
  name: string;
  dir: string;
  solutionDir: string;
  title: string;
  hints: string[];
  /** The files a learner edits: everything in the folder but README.md and test/. */
  learnerFiles: string[];
}

const EXERCISE_DIR_NAME = /^(\d\d)-[a-z0-9-]+$/;

export function listExercises(root = EXERCISES_ROOT): Exercise[] {
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && EXERCISE_DIR_NAME.test(entry.name))
    .map((entry) => readExercise(path.join(root, entry.name)))
    .sort((a, b) => a.number - b.number);
}

export function findExercise(numberText: string, exercises = listExercises()): Exercise {
  const number = Number(numberText);
  if (!/^\d+$/.test(numberText) || !Number.isInteger(number)) {
    throw new UsageError(`give the exercise's number, e.g. \`make exercise 3\` (not "${numberText}")`);
  }
  const exercise = exercises.find((candidate) => candidate.number === number);
  if (exercise === undefined) {
    const range = exercises.length > 0 ? `${exercises[0]?.number}–${exercises[exercises.length - 1]?.number}` : 'none';
    throw new UsageError(`there is no exercise ${number} (exercises: ${range})`);
  }
  return exercise;
}

/** A mistake in how the runner was called: printed as one line, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

function readExercise(dir: string): Exercise {
  const name = path.basename(dir);
  const readme = fs.readFileSync(path.join(dir, 'README.md'), 'utf8');
  return {
    number: Number(name.slice(0, 2)),
    name,
    dir,
    solutionDir: path.join(SOLUTIONS_ROOT, name),
    title: readTitle(readme, name),
    hints: readHints(readme),
    learnerFiles: fs
      .readdirSync(dir)
      .filter((file) => file !== 'README.md' && file !== 'test')
      .sort(),
  };
}

/** `# Exercise 03: Split a stream into lines` → `Split a stream into lines`. */
export function readTitle(readme: string, fallback: string): string {
  const heading = /^# Exercise \d+: (.+)$/m.exec(readme);
  return heading?.[1]?.trim() ?? fallback;
}

/** The numbered items under `## Hints`, each joined into one line of text. */
export function readHints(readme: string): string[] {
  const section = /^## Hints\s*\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(readme);
  if (section === null) return [];
  const hints: string[] = [];
  for (const line of (section[1] as string).split('\n')) {
    const item = /^\d+\.\s+(.*)$/.exec(line);
    if (item !== null) hints.push(item[1] as string);
    else if (line.trim() !== '' && hints.length > 0 && /^\s/.test(line)) {
      hints[hints.length - 1] = `${hints[hints.length - 1]} ${line.trim()}`;
    }
  }
  return hints;
}
