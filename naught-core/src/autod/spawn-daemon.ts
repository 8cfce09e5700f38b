/**
 * Spawns one daemon process and waits for its start report (start-report.ts)
 * on the child's IPC channel. The daemon is detached (its own session, so a
 * Ctrl+C in the client's terminal does not reach it) and unref'd (the client
 * can exit while it runs). Its stdout and stderr go to /dev/null, or, with
 * `debug`, through pipes to this process's own, for as long as it runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { AutodStartError } from './errors';
import type { DaemonConfig, ResolvedAutodOptions } from './options';
import { parseStartReport } from './start-report';

export type SpawnOutcome = 'ready' | 'already-running';

/** daemon-main.js next to this file (daemon-main.ts when this runs from source under tsx). */
export function daemonEntry(): string {
  return path.join(__dirname, `daemon-main${path.extname(__filename)}`);
}

export function daemonConfig(options: ResolvedAutodOptions): DaemonConfig {
  const { rpcfile, sockfile, pidfile, autoclose, autocloseDelayMs, args, exit, debug } = options;
  return { rpcfile, sockfile, pidfile, autoclose, autocloseDelayMs, args, exit, debug };
}

export function spawnDaemon(options: ResolvedAutodOptions, timeoutMs: number, onProcess: (child: ChildProcess) => void): Promise<SpawnOutcome> {
  const output = options.debug ? 'pipe' : 'ignore';
  let child: ChildProcess;
  try {
    child = spawn(options.execPath, [...options.execArgv, daemonEntry(), JSON.stringify(daemonConfig(options))], {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', output, output, 'ipc'],
      serialization: 'json',
    });
  } catch (error) {
    return Promise.reject(new AutodStartError('spawn-failed', options.sockfile, `cannot spawn ${options.execPath}: ${(error as Error).message}`, { cause: error }));
  }
  if (options.debug) {
    forward(child.stdout, process.stdout);
    forward(child.stderr, process.stderr);
  }
  onProcess(child);
  const spawned = child;
  return new Promise<SpawnOutcome>((resolve, reject) => {
    const settle = (outcome: SpawnOutcome | AutodStartError): void => {
      clearTimeout(timer);
      spawned.removeAllListeners('message');
      spawned.removeAllListeners('close');
      if (spawned.connected) spawned.disconnect();
      spawned.unref();
      if (outcome instanceof AutodStartError) reject(outcome);
      else resolve(outcome);
    };
    spawned.on('message', (message: unknown) => {
      const report = parseStartReport(message);
      if (report === null) return;
      if (report.autod === 'failed') settle(new AutodStartError(report.reason, options.sockfile, report.message));
      else settle(report.autod);
    });
    spawned.once('error', (error) => {
      settle(new AutodStartError('spawn-failed', options.sockfile, `cannot spawn ${options.execPath}: ${error.message}`, { cause: error }));
    });
    // 'close', not 'exit': it comes after the IPC channel has delivered every message the daemon sent.
    spawned.once('close', (exitCode: number | null, signal: NodeJS.Signals | null) => {
      const hint = options.debug ? '' : ' (set debug: true to see its output)';
      settle(new AutodStartError('exited', options.sockfile, `the daemon exited with ${signal ?? `code ${exitCode}`} before it was ready${hint}`, { exitCode, signal }));
    });
    const timer = setTimeout(() => {
      if (spawned.pid !== undefined) {
        try {
          process.kill(spawned.pid, 'SIGKILL');
        } catch {
          // gone meanwhile
        }
      }
      settle(new AutodStartError('timeout', options.sockfile, `the daemon did not report within ${timeoutMs} ms; it was killed`));
    }, timeoutMs);
  });
}

/** Copies a daemon's output while this process runs, without keeping this process alive for it. */
function forward(from: Readable | null, to: Writable): void {
  if (from === null) return;
  from.on('data', (chunk: Buffer) => to.write(chunk));
  from.on('error', () => undefined);
  (from as Readable & { unref?: () => void }).unref?.();
}
