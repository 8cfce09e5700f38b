/**
 * Which file an exercise's checks run against.
 *
 * By default the learner's own file (exercises/NN-slug/<file>), so
 * `make exercise N` checks the learner's work. CI sets
 * EXERCISE_SUBJECT=solution to run the same checks against the reference
 * solution in exercises/solutions/NN-slug/<file>, and EXERCISE_SUBJECT=starter
 * against the pristine starter kept in git (exercises/NN-slug/<file>, unchanged
 * in a fresh clone), which must fail them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const EXERCISES_ROOT = path.resolve(__dirname, '..');
export const REPO_ROOT = path.resolve(EXERCISES_ROOT, '..');
export const SOLUTIONS_ROOT = path.join(EXERCISES_ROOT, 'solutions');

export type SubjectKind = 'learner' | 'starter' | 'solution';

export function subjectKind(): SubjectKind {
  const kind = process.env.EXERCISE_SUBJECT ?? 'learner';
  if (kind !== 'learner' && kind !== 'starter' && kind !== 'solution') {
    throw new Error(`EXERCISE_SUBJECT must be learner, starter or solution, not "${kind}"`);
  }
  return kind;
}

/**
 * The absolute path of the file under test. `exerciseDir` is the exercise's
 * folder (pass `path.resolve(__dirname, '..')` from its test/ folder);
 * `file` is a path relative to it, such as `counter.ts` or `server.js`.
 */
export function subjectPath(exerciseDir: string, file: string): string {
  const base = subjectKind() === 'solution' ? path.join(SOLUTIONS_ROOT, path.basename(exerciseDir)) : exerciseDir;
  const resolved = path.join(base, file);
  if (!fs.existsSync(resolved)) throw new Error(`exercise file not found: ${resolved}`);
  return resolved;
}

/**
 * Loads the module under test. Typed by the caller with the starter's module
 * type, e.g. `loadSubject<typeof import('../counter')>(dir, 'counter.ts')`, so
 * the checks type-check against the interface the starter promises.
 */
export function loadSubject<Module>(exerciseDir: string, file: string): Module {
  // require, not import: the path is chosen at run time (learner's file or solution).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(subjectPath(exerciseDir, file)) as Module;
}
