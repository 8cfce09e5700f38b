/**
 * Runs a chapter's TypeScript file for real, in its own `node --import tsx`
 * process, as `make chNN` and the READMEs do, and collects what it printed
 * and its exit code. NODE_OPTIONS is cleared so that the test runner's own
 * options are not passed on. With `timeoutMs`, a process that has not ended
 * by then is killed by its PID (SIGKILL) and the promise rejects.
 */
import { spawn } from 'node:child_process';

export interface ExampleRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunExampleOptions {
  /** Arguments after the file name. */
  args?: readonly string[];
  /** Working directory; the file is resolved from it when relative. Default: this process's. */
  cwd?: string;
  /** Variables added to this process's environment. */
  env?: NodeJS.ProcessEnv;
  /** Kill the process (SIGKILL, by PID) and reject after this long. Default: no limit. */
  timeoutMs?: number;
}

/** Runs `node --import tsx FILE ...args` to its end. */
export function runTsFile(file: string, options: RunExampleOptions = {}): Promise<ExampleRun> {
  const { args = [], cwd, env = {}, timeoutMs } = options;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], {
      cwd,
      env: { ...process.env, NODE_OPTIONS: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
            reject(new Error(`${file} did not finish within ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
          }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
