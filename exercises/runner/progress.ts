/** `make progress`: every exercise's checks against the learner's files, one line each. */
import type { Exercise } from './exercises';
import { dim, green, red } from './report';
import { runChecks } from './run-checks';

export async function showProgress(exercises: Exercise[]): Promise<number> {
  let passing = 0;
  console.log(dim('Running every exercise\'s checks against your files (a minute or two)...'));
  for (const exercise of exercises) {
    const run = await runChecks(exercise, 'learner');
    const passedChecks = run.checks.filter((check) => check.passed).length;
    const number = String(exercise.number).padStart(2, ' ');
    if (run.passed) passing += 1;
    const mark = run.passed ? green('✓ pass') : red('✗ todo');
    const detail = run.crash !== undefined ? 'checks could not run' : `${passedChecks}/${run.checks.length} checks`;
    console.log(`${number}  ${mark}  ${exercise.title.padEnd(44)} ${dim(detail)}`);
  }
  console.log('');
  console.log(`${passing} of ${exercises.length} exercises pass.${passing < exercises.length ? ' Next: make exercise N for the first ✗.' : ''}`);
  return 0;
}
