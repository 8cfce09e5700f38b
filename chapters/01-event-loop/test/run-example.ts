/**
 * Runs one of the chapter's examples for real, in its own `node --import tsx`
 * process (chapters/shared/run-example.ts), and reads sections of what it printed.
 * The process is killed by its PID if it has not finished after `timeoutMs`.
 */
import * as path from 'node:path';
import { runTsFile, type ExampleRun } from '../../shared/run-example';

export const CHAPTER_DIR = path.resolve(__dirname, '..');

export function runExample(file: string, env: NodeJS.ProcessEnv = {}, timeoutMs = 30_000): Promise<ExampleRun> {
  return runTsFile(path.join(CHAPTER_DIR, 'examples', file), { cwd: CHAPTER_DIR, env, timeoutMs });
}

/** The lines of `text` between the line starting with `start` and the next line starting with `==` (or the end). */
export function section(text: string, start: string): string[] {
  const lines = text.split('\n');
  const first = lines.findIndex((line) => line.startsWith(start));
  if (first === -1) throw new Error(`no section "${start}" in:\n${text}`);
  const rest = lines.slice(first + 1);
  const end = rest.findIndex((line) => line.startsWith('=='));
  return (end === -1 ? rest : rest.slice(0, end)).filter((line) => line.trim() !== '');
}
