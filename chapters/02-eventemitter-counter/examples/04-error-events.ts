/**
 * 04: 'error' is the one event name EventEmitter treats specially. Emitted
 * with no 'error' listener, emit() throws, and an uncaught throw ends the
 * process. Each case runs in its own child process (children/emit-error.ts),
 * so we can watch it crash and read its exit code.
 *
 * Run: npx tsx chapters/02-eventemitter-counter/examples/04-error-events.ts
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const CHILD = path.join(__dirname, 'children', 'emit-error.ts');

export const MODES = ['unhandled-error', 'unhandled-value', 'handled', 'async-listener', 'captured'] as const;
export type Mode = (typeof MODES)[number];

export interface ChildRun {
  mode: Mode;
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** Runs children/emit-error.ts in a new Node process with the given mode and collects what it printed. */
export function runChild(mode: Mode): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, mode], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject); // a ChildProcess is an EventEmitter too: without this line a failed spawn would crash us
    child.on('close', (exitCode) => resolve({ mode, exitCode, stdout, stderr }));
  });
}

/** The lines of a crash report worth reading: the error's headline, its code, where the 'error' event was emitted. */
export function headlines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => /^(\w*Error\b|Emitted 'error' event)|^ {2}code: /.test(line));
}

async function main(): Promise<void> {
  const runs = await Promise.all(MODES.map(runChild));
  for (const run of runs) {
    console.log(`== ${run.mode}: exit code ${run.exitCode}`);
    for (const line of run.stdout.trimEnd().split('\n')) if (line !== '') console.log(`  stdout | ${line}`);
    for (const line of headlines(run.stderr)) console.log(`  stderr | ${line}`);
  }
}

if (require.main === module) void main();
