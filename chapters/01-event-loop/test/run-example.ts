/**
 * Runs one of the chapter's examples for real, in its own `node --import tsx`
 * process, and returns what it printed. The process is killed by its PID if
 * it has not finished after `timeoutMs`.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';

export const CHAPTER_DIR = path.resolve(__dirname, '..');

export interface ExampleRun {
  stdout: string;
  stderr: string;
  code: number | null;
}

export function runExample(file: string, env: NodeJS.ProcessEnv = {}, timeoutMs = 30_000): Promise<ExampleRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(CHAPTER_DIR, 'examples', file)], {
      cwd: CHAPTER_DIR,
      env: { ...process.env, NODE_OPTIONS: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
      reject(new Error(`${file} did not finish within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code });
    });
  });
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
