/**
 * CI's proof that the exercises work (make test-exercises, part of make test):
 * for every exercise, the folder has what a learner needs, the reference
 * solution passes every check, and the starter as committed fails at least one
 * check (as a failing check, not as a crash of the checker).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Exercise } from './exercises';
import { exerciseLabel, green, red } from './report';
import { runChecks, type ChecksRun } from './run-checks';

const REQUIRED_SECTIONS = ['## Your task', '## Check your work', '## Hints'];
const MINIMUM_EXERCISES = 12;

export async function verifyAll(exercises: Exercise[]): Promise<number> {
  const problems: string[] = [];
  if (exercises.length < MINIMUM_EXERCISES) problems.push(`only ${exercises.length} exercises; the course promises at least ${MINIMUM_EXERCISES}`);
  for (const exercise of exercises) {
    const found = [...checkLayout(exercise)];
    const solution = await runChecks(exercise, 'solution');
    if (!solution.passed) found.push(`the reference solution fails:\n${describeFailures(solution)}`);
    const starter = await runChecks(exercise, 'starter');
    if (starter.crash !== undefined) found.push(`the starter crashes the checker instead of failing a check:\n${starter.crash}`);
    else if (starter.passed) found.push('the starter passes every check: the checks do not test the task');
    const starterFailed = starter.checks.filter((check) => !check.passed).length;
    const verdict = found.length === 0 ? green('ok ') : red('BAD');
    console.log(
      `${verdict} ${exerciseLabel(solution).padEnd(52)} solution passes ${solution.checks.filter((check) => check.passed).length}/${solution.checks.length} (${seconds(solution)})` +
        `, starter fails ${starterFailed}/${starter.checks.length} (${seconds(starter)})`,
    );
    for (const problem of found) problems.push(`exercise ${exercise.number} (${exercise.name}): ${problem}`);
  }
  if (problems.length > 0) {
    console.error(`\n${problems.length} problem(s):\n${problems.map((problem) => `- ${problem}`).join('\n')}`);
    return 1;
  }
  console.log(`\n${exercises.length} exercises: every solution passes, every starter fails.`);
  return 0;
}

function checkLayout(exercise: Exercise): string[] {
  const found: string[] = [];
  const readme = fs.readFileSync(path.join(exercise.dir, 'README.md'), 'utf8');
  if (!/^# Exercise \d+: .+$/m.test(readme)) found.push('README.md does not start with "# Exercise N: title"');
  for (const section of REQUIRED_SECTIONS) if (!readme.includes(`\n${section}`)) found.push(`README.md has no "${section}" section`);
  if (exercise.hints.length === 0) found.push('README.md lists no numbered hints');
  if (exercise.learnerFiles.length === 0) found.push('there is no starter file');
  if (!exercise.learnerFiles.some((file) => fs.readFileSync(path.join(exercise.dir, file), 'utf8').includes('TODO'))) {
    found.push('the starter has no TODO for the learner');
  }
  for (const file of exercise.learnerFiles) {
    if (!fs.existsSync(path.join(exercise.solutionDir, file))) found.push(`no reference solution for ${file} in ${path.relative(exercise.dir, exercise.solutionDir)}`);
  }
  if (!fs.existsSync(path.join(exercise.dir, 'test'))) found.push('there is no test/ folder');
  if (isModifiedInGit(exercise.dir)) found.push('the starter differs from the committed one; verify needs the starter as committed (git diff shows the change)');
  return found;
}

function isModifiedInGit(dir: string): boolean {
  const diff = spawnSync('git', ['diff', '--quiet', 'HEAD', '--', dir], { cwd: dir });
  // 1: differences; 0: none; anything else (not a git checkout): nothing to compare with.
  return diff.status === 1;
}

function describeFailures(run: ChecksRun): string {
  if (run.crash !== undefined) return run.crash;
  return run.checks
    .filter((check) => !check.passed)
    .map((check) => `  ✗ ${check.title}: ${(check.message ?? '').split('\n')[0]}`)
    .join('\n');
}

function seconds(run: ChecksRun): string {
  return `${(run.durationMs / 1000).toFixed(1)} s`;
}
