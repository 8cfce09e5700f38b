/**
 * Small helpers of the black-box CLI suite (test/cli/*.test.ts): a start whose
 * whole output is checked, whole-result assertions, and files waited on.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { type RunResult, type SandboxContext, sleep } from './naught';
import { bootLines, text } from './expected-output';
import { daemonPid } from './processes';

/** Asserts a command's whole outcome at once, so a failure shows every stream. */
export function expectRun(actual: RunResult, expected: { stdout: string; stderr: string; code: number }, what = ''): void {
  assert.deepStrictEqual(
    { stdout: actual.stdout, stderr: actual.stderr, code: actual.code, signal: actual.signal },
    { ...expected, signal: null },
    what,
  );
}

/**
 * `naught start` of FIXTURE (copied in as server.js) with N workers on the
 * test's port; asserts the exact boot output and returns the daemon's pid.
 */
export async function startDaemon(ctx: SandboxContext, fixture: string, workers = 1, env: NodeJS.ProcessEnv = {}): Promise<number> {
  const { sandbox, port } = ctx;
  sandbox.useFixture(fixture);
  const args = workers === 1 ? ['start', 'server.js'] : ['start', '--worker-count', String(workers), 'server.js'];
  const started = await sandbox.naught(args, { env: { PORT: String(port), ...env } });
  expectRun(started, { stdout: `workers online: ${workers}\n`, stderr: text(...bootLines(workers)), code: 0 }, 'start');
  return daemonPid(sandbox);
}

/** Waits until the file at `file` contains `fragment` `times` times; returns the content. */
export async function waitForFileContent(file: string, fragment: string, times = 1, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let content = '';
    try {
      content = fs.readFileSync(file, 'utf8');
    } catch {
      // not there yet
    }
    if (content.split(fragment).length - 1 >= times) return content;
    if (Date.now() > deadline) {
      throw new Error(`${file} never contained ${JSON.stringify(fragment)} x${times}; content:\n${content}`);
    }
    await sleep(25);
  }
}

/** The lines of a text, without the empty string after the final newline. */
export function linesOf(content: string): string[] {
  const lines = content.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Waits until the sorted lines of `file` equal `expected` (the daemon writes logs asynchronously), then asserts it. */
export async function expectSortedLines(file: string, expected: string[], timeoutMs = 5_000): Promise<void> {
  const read = (): string[] => {
    try {
      return linesOf(fs.readFileSync(file, 'utf8')).sort();
    } catch {
      return [];
    }
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && JSON.stringify(read()) !== JSON.stringify(expected)) await sleep(25);
  assert.deepStrictEqual(read(), expected, file);
}
