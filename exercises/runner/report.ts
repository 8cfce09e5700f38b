/** What the learner reads: one line per check, a verdict, and on failure the first problem and hint 1. */
import * as path from 'node:path';
import { REPO_ROOT } from '../shared/subject';
import type { ChecksRun } from './run-checks';

const useColour = process.stdout.isTTY === true && process.env.NO_COLOR === undefined;
const paint = (code: number, text: string): string => (useColour ? `\u001b[${code}m${text}\u001b[0m` : text);
export const green = (text: string): string => paint(32, text);
export const red = (text: string): string => paint(31, text);
export const dim = (text: string): string => paint(2, text);

export function exerciseLabel(run: Pick<ChecksRun, 'exercise'>): string {
  return `Exercise ${run.exercise.number}: ${run.exercise.title}`;
}

export function formatCheckRun(run: ChecksRun): string {
  const { exercise } = run;
  const files = exercise.learnerFiles.map((file) => path.relative(REPO_ROOT, path.join(exercise.dir, file))).join(', ');
  const lines = [`${exerciseLabel(run)}  (${files})`, ''];
  for (const check of run.checks) lines.push(check.passed ? `  ${green('✓')} ${check.title}` : `  ${red('✗')} ${check.title}`);
  if (run.crash !== undefined) lines.push(`  ${red('✗')} the checks could not run:`, indent(run.crash, 6));
  lines.push('');
  const failed = run.checks.filter((check) => !check.passed);
  if (run.passed) {
    lines.push(green(`PASS  all ${run.checks.length} checks pass. Well done!`));
    return lines.join('\n');
  }
  lines.push(red(`FAIL  ${failed.length} of ${run.checks.length} checks fail.`));
  const first = failed[0];
  if (first?.message !== undefined) lines.push('', `First problem: ${first.title}`, indent(first.message.trim(), 2));
  const readme = path.relative(REPO_ROOT, path.join(exercise.dir, 'README.md'));
  if (exercise.hints.length > 0) {
    lines.push('', `Hint 1: ${exercise.hints[0]}`);
    if (exercise.hints.length > 1) lines.push(dim(`${exercise.hints.length - 1} more hints under "Hints" in ${readme}`));
  } else {
    lines.push('', dim(`The task is in ${readme}`));
  }
  return lines.join('\n');
}

function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return text
    .split('\n')
    .map((line) => pad + line)
    .join('\n');
}
