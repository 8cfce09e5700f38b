import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { CHAPTER_DIR, REPO_ROOT } from '../lib/paths';

export interface ExampleRun {
  stdout: string;
  stderr: string;
  status: number | null;
}

/** Runs examples/NAME with tsx in a child process, from the repository root, as `make ch04` does. */
export function runExample(name: string, args: string[] = []): ExampleRun {
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(CHAPTER_DIR, 'examples', name), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, NODE_OPTIONS: '' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { stdout: run.stdout, stderr: run.stderr, status: run.status };
}

/** The printed lines, without trailing spaces. */
export function lines(text: string): string[] {
  return text.split('\n').map((line) => line.trimEnd());
}
