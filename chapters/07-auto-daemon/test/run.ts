/**
 * Helpers for this chapter's tests: run an example or the counter tool as a
 * real `node --import tsx` process (as `make ch07` and the README do), read
 * the README's output blocks, and stop, by PID, any daemon a test leaves.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTsFile, type ExampleRun } from '../../shared/run-example';
import { daemonsServing, waitForExit } from '../examples/counter/processes';

export const CHAPTER_DIR = path.resolve(__dirname, '..');
export const REPO_ROOT = path.resolve(CHAPTER_DIR, '..', '..');
export const README = path.join(CHAPTER_DIR, 'README.md');
export const CLI = path.join(CHAPTER_DIR, 'examples', 'counter', 'cli.ts');

/** Runs `node --import tsx <file> ...args` from the repository root; SIGKILLs it (by PID) after timeoutMs. */
export function runNode(file: string, args: string[] = [], env: NodeJS.ProcessEnv = {}, timeoutMs = 45_000): Promise<ExampleRun> {
  return runTsFile(file, { args, cwd: REPO_ROOT, env, timeoutMs });
}

export function runExample(name: string): Promise<ExampleRun> {
  return runNode(path.join(CHAPTER_DIR, 'examples', `${name}.ts`));
}

/** `counter ARGS` with the socket given. */
export function runCounter(args: string[], sockfile: string): Promise<ExampleRun> {
  return runNode(CLI, args, { COUNTER_SOCKFILE: sockfile });
}

/**
 * The README block that shows what `npx tsx chapters/07-auto-daemon/examples/<name>.ts`
 * prints: a ```text block whose first line is that command. Returns the lines after it.
 */
export function readmeOutput(name: string): string[] {
  const markdown = fs.readFileSync(README, 'utf8');
  const command = `$ npx tsx chapters/07-auto-daemon/examples/${name}.ts`;
  for (const block of markdown.matchAll(/```text\n([\s\S]*?)```/g)) {
    const lines = (block[1] as string).replace(/\n$/, '').split('\n');
    if (lines[0] === command) return lines.slice(1);
  }
  throw new Error(`README.md has no \`\`\`text block starting with: ${command}`);
}

export function linesOf(text: string): string[] {
  return text.replace(/\n$/, '').split('\n');
}

/** SIGKILLs, by PID, every daemon still serving `sockfile`, and waits for them to go. */
export async function killDaemons(sockfile: string): Promise<void> {
  for (const pid of daemonsServing(sockfile)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
    await waitForExit(pid).catch(() => undefined);
  }
}
