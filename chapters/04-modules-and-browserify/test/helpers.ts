import * as path from 'node:path';
import { runTsFile } from '../../shared/run-example';
import { CHAPTER_DIR, REPO_ROOT } from '../lib/paths';

export interface ExampleRun {
  stdout: string;
  stderr: string;
  status: number | null;
}

/** Runs examples/NAME with tsx in a child process, from the repository root, as `make ch04` does. */
export async function runExample(name: string, args: string[] = []): Promise<ExampleRun> {
  const run = await runTsFile(path.join(CHAPTER_DIR, 'examples', name), { args, cwd: REPO_ROOT, timeoutMs: 60_000 });
  return { stdout: run.stdout, stderr: run.stderr, status: run.code };
}

/** The printed lines, without trailing spaces. */
export function lines(text: string): string[] {
  return text.split('\n').map((line) => line.trimEnd());
}
