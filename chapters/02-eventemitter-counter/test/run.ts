/**
 * Helpers for this chapter's tests: run an example in its own Node process
 * (as `make ch02` does), and read the README's output blocks.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
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

/**
 * The README block that shows what `npx tsx chapters/02-eventemitter-counter/examples/<name>.ts`
 * prints: a ```text block whose first line is that command. Returns the lines after it.
 */
export function readmeOutput(name: string): string[] {
  const markdown = fs.readFileSync(README, 'utf8');
  const command = `$ npx tsx chapters/02-eventemitter-counter/examples/${name}.ts`;
  for (const block of markdown.matchAll(/```text\n([\s\S]*?)```/g)) {
    const lines = (block[1] as string).replace(/\n$/, '').split('\n');
    if (lines[0] === command) return lines.slice(1);
  }
  throw new Error(`README.md has no \`\`\`text block starting with: ${command}`);
}

/** The lines of a process's output, without the final newline. */
export function linesOf(text: string): string[] {
  return text.replace(/\n$/, '').split('\n');
}
