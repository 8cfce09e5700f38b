/**
 * Helpers for this chapter's tests: run an example in its own Node process
 * (as `make ch02` does), and read the README's output blocks.
 */
import * as path from 'node:path';
import { linesOf, readCommandBlock } from '../../shared/readme';
import { runTsFile } from '../../shared/run-example';

export const CHAPTER_DIR = path.resolve(__dirname, '..');
export const REPO_ROOT = path.resolve(CHAPTER_DIR, '..', '..');
export const README = path.join(CHAPTER_DIR, 'README.md');

export interface ProcessResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node --import tsx <file> ...args` from the repository root; kills it (by PID) if it has not ended after timeoutMs. */
export async function runNode(file: string, args: string[] = [], timeoutMs = 30_000): Promise<ProcessResult> {
  const { code, stdout, stderr } = await runTsFile(file, { args, cwd: REPO_ROOT, timeoutMs });
  return { exitCode: code, stdout, stderr };
}

/** Runs examples/<name>.ts. */
export function runExample(name: string): Promise<ProcessResult> {
  return runNode(path.join(CHAPTER_DIR, 'examples', `${name}.ts`));
}

/** The README's ```text block that starts with `$ npx tsx chapters/02-eventemitter-counter/examples/<name>.ts`: the lines after it. */
export function readmeOutput(name: string): string[] {
  return readCommandBlock(CHAPTER_DIR, `$ npx tsx chapters/02-eventemitter-counter/examples/${name}.ts`);
}

export { linesOf };
