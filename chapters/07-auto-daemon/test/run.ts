/**
 * Helpers for this chapter's tests: run an example or the counter tool as a
 * real `node --import tsx` process (as `make ch07` and the README do), read
 * the README's output blocks, and stop, by PID, any daemon a test leaves.
 */
import * as path from 'node:path';
import { linesOf, readCommandBlock } from '../../shared/readme';
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

/** The README's ```text block that starts with `$ npx tsx chapters/07-auto-daemon/examples/<name>.ts`: the lines after it. */
export function readmeOutput(name: string): string[] {
  return readCommandBlock(CHAPTER_DIR, `$ npx tsx chapters/07-auto-daemon/examples/${name}.ts`);
}

export { linesOf };

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
