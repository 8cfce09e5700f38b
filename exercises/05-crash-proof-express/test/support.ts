/**
 * The checker's plumbing: start the app as a real process (test/serve.ts),
 * send it GET requests on fresh connections, describe what came back in
 * words a learner can act on, and stop the process by its PID.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import * as path from 'node:path';
import { REPO_ROOT } from '../../shared/subject';

const SERVE = path.join(__dirname, 'serve.ts');

export interface RunningApp {
  port: number;
  pid: number;
  /** null while the process runs. */
  exitCode(): number | string | null;
  stderr(): string;
  /** SIGKILL (by PID) if still running; resolves once it has exited. */
  stop(): Promise<void>;
}

/** Starts `node --import tsx test/serve.ts <appFile>` and waits until it listens (or fails to). */
export function startApp(appFile: string, timeoutMs = 20_000): Promise<RunningApp> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', SERVE, appFile], {
    cwd: REPO_ROOT,
    env: { ...process.env, NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let exit: number | string | null = null;
  const exited = new Promise<void>((resolve) =>
    child.once('close', (code, signal) => {
      exit = code ?? signal ?? 'unknown';
      resolve();
    }),
  );
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const app: RunningApp = {
    port: 0,
    pid: child.pid ?? 0,
    exitCode: () => exit,
    stderr: () => stderr,
    async stop() {
      if (exit === null && child.pid !== undefined) {
        try {
          process.kill(child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      await exited;
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void app.stop();
      reject(new Error(`the app did not start listening within ${timeoutMs / 1000} s; its stderr:\n${stderr}`));
    }, timeoutMs);
    child.stdout?.on('data', () => {
      const listening = /^listening on (\d+)$/m.exec(stdout);
      if (listening === null) return;
      clearTimeout(timer);
      app.port = Number(listening[1]);
      resolve(app);
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the app exited (${String(exit)}) before it listened; its stderr:\n${stderr.trim()}`));
    });
  });
}

export interface Answer {
  status: number | null;
  contentType: string;
  body: string;
  /** ECONNRESET, ECONNREFUSED, 'timeout'... when no complete answer came. */
  error: string | null;
}

/** One GET on its own connection. Never rejects: no answer is an outcome too. */
export function get(port: number, urlPath: string, timeoutMs = 5_000): Promise<Answer> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: urlPath, agent: false, timeout: timeoutMs }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      const contentType = response.headers['content-type'] ?? '';
      response.on('end', () => resolve({ status: response.statusCode ?? null, contentType, body, error: null }));
      response.on('error', (error: NodeJS.ErrnoException) => resolve({ status: response.statusCode ?? null, contentType, body, error: error.code ?? error.message }));
    });
    request.on('timeout', () => request.destroy(Object.assign(new Error('timeout'), { code: 'timeout' })));
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ status: null, contentType: '', body: '', error: error.code ?? error.message }));
  });
}

/** What came back, in a learner's terms, for assertion messages. */
export function describeAnswer(answer: Answer, app: RunningApp): string {
  if (answer.error !== null) {
    const why = answer.error === 'timeout' ? `no answer within a few seconds (the error never reached an error middleware?)` : `no answer (${answer.error})`;
    const died = app.exitCode() === null ? '' : `, and the app process exited (${String(app.exitCode())})${whatItPrinted(app)}`;
    return `${why}${died}`;
  }
  const body = answer.body.length > 120 ? `${answer.body.slice(0, 120)}...` : answer.body;
  return `${answer.status} with Content-Type "${answer.contentType}" and body ${JSON.stringify(body)}`;
}

/**
 * What the app printed on stderr about its crash: Node reports an uncaught
 * exception starting with a `file:line` (or `node:events:NNN`) line, then the
 * source line and the error. Earlier lines may be errors the app logged.
 */
export function whatItPrinted(app: RunningApp): string {
  const lines = app.stderr().split('\n').filter((line) => line.trim() !== '');
  if (lines.length === 0) return '';
  const crashStart = lines.findLastIndex((line) => /^(\/|node:)\S+:\d+$/.test(line));
  return `; it printed on stderr:\n${lines.slice(Math.max(crashStart, 0), Math.max(crashStart, 0) + 8).join('\n')}`;
}

/** Resolves after `ms`, for giving a dying process time to die. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
