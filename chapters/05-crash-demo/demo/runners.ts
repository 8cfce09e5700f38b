/**
 * The ways of running the app that the demo compares. Each one starts the
 * compiled app on a given port and returns how to stop everything it started.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GUARDED_SERVER_JS, SERVER_JS } from './build';
import { killAll, processTree, stillRunning } from './processes';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const BIN = {
  supervisor: path.join(REPO_ROOT, 'node_modules', 'supervisor', 'lib', 'cli-wrapper.js'),
  nodemon: path.join(REPO_ROOT, 'node_modules', 'nodemon', 'bin', 'nodemon.js'),
  pm2: path.join(REPO_ROOT, 'node_modules', 'pm2', 'bin', 'pm2'),
  naught: path.join(REPO_ROOT, 'naught-core', 'dist', 'cli', 'main.js'),
};

export interface RunContext {
  port: number;
  /** A fresh temporary directory for this runner (logs, PM2_HOME, naught's files). */
  workDir: string;
}

export interface Running {
  /** The processes running now: the manager (or the app) and everything below it. */
  pids(): number[];
  /** Stops every process this runner started, by PID; safe to call after a failed start. */
  stop(): Promise<void>;
  /** The manager's and the app's output so far, for error messages and the report. */
  output(): string;
}

export interface Runner {
  id: string;
  label: string;
  /** The command line, as a reader would type it (from the chapter folder). */
  command: string;
  /** What this way of running does after the crash, in one line. */
  expectation: string;
  start(context: RunContext): Promise<Running>;
}

function readIfThere(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/**
 * Starts `node args` in a process group of its own, output to a log file. To
 * stop: every process of that group and below the first one, by PID (a
 * manager's children and their replacements included).
 */
function startInGroup(args: string[], context: RunContext, env: NodeJS.ProcessEnv = {}): Running {
  const logFile = path.join(context.workDir, 'output.log');
  const log = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, args, {
    cwd: context.workDir,
    env: { ...process.env, NODE_OPTIONS: '', PORT: String(context.port), ...env },
    stdio: ['ignore', log, log],
    detached: true, // its own process group, whose id is its pid
  });
  fs.closeSync(log);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start node ${args.join(' ')}`);
  child.on('error', () => undefined); // reported through output() and the wait for the port
  return {
    pids: () => stillRunning(processTree(pid, [pid])),
    async stop() {
      await killAll(processTree(pid, [pid]), [pid]);
    },
    output: () => readIfThere(logFile),
  };
}

function runToEnd(args: string[], cwd: string, env: NodeJS.ProcessEnv): { status: number; output: string } {
  const run = spawnSync(process.execPath, args, {
    cwd,
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: run.status ?? 1, output: `${run.stdout ?? ''}${run.stderr ?? ''}${run.error ? String(run.error) : ''}` };
}

function readPid(file: string): number | null {
  const pid = Number(readIfThere(file).trim());
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

function pm2Runner(cluster: boolean): Runner {
  const modeArgs = cluster ? ['-i', '2'] : [];
  return {
    id: cluster ? 'pm2-cluster' : 'pm2-fork',
    label: cluster ? 'pm2, cluster mode, 2 instances' : 'pm2, fork mode',
    command: `pm2 start dist/server.js${cluster ? ' -i 2' : ''}`,
    expectation: cluster ? 'the other instance keeps serving; the crashed one is restarted' : 'restarts the process at once; down until it listens again',
    async start(context) {
      // A private pm2: its daemon, logs and dump live in the runner's directory.
      const env = { PM2_HOME: path.join(context.workDir, 'pm2-home'), PORT: String(context.port) };
      const pidFile = path.join(env.PM2_HOME, 'pm2.pid');
      let log = '';
      const tree = (): number[] => {
        const daemon = readPid(pidFile);
        return daemon === null ? [] : stillRunning(processTree(daemon));
      };
      const running: Running = {
        pids: tree,
        async stop() {
          const pids = tree(); // before pm2 kill: afterwards its children no longer hang below the daemon
          log += runToEnd([BIN.pm2, 'kill'], context.workDir, env).output; // always, even after a failed start
          await killAll(stillRunning(pids));
        },
        output: () => `${log}${readIfThere(path.join(env.PM2_HOME, 'pm2.log'))}`,
      };
      const started = runToEnd([BIN.pm2, 'start', SERVER_JS, '--name', 'crash-demo', ...modeArgs], context.workDir, env);
      log += started.output;
      if (started.status !== 0) {
        await running.stop();
        throw new Error(`pm2 start failed:\n${started.output}`);
      }
      return running;
    },
  };
}

function naughtRunner(workers: number, guard: boolean): Runner {
  const script = guard ? GUARDED_SERVER_JS : SERVER_JS;
  const id = `naught-${workers}${guard ? '-guard' : ''}`;
  return {
    id,
    label: `naught-core, ${workers} worker${workers > 1 ? 's' : ''}${guard ? ' + offline guard' : ''}`,
    command: `naught start --worker-count ${workers} dist/${path.basename(script)}`,
    expectation: guard
      ? "the guard sends 'offline' and keeps serving until its replacement is online, then finishes its requests and exits"
      : workers > 1
        ? 'the other worker keeps serving; the dead one is replaced'
        : 'replaces the dead worker; down until the replacement listens',
    async start(context) {
      const env = { PORT: String(context.port) };
      const pidFile = path.join(context.workDir, 'naught.pid');
      let log = '';
      const tree = (): number[] => {
        const daemon = readPid(pidFile);
        return daemon === null ? [] : stillRunning(processTree(daemon));
      };
      const running: Running = {
        pids: tree,
        async stop() {
          const pids = tree(); // before the stop: the daemon's workers hang below it
          if (fs.existsSync(path.join(context.workDir, 'naught.ipc'))) {
            log += runToEnd([BIN.naught, 'stop', '--timeout', '3'], context.workDir, env).output;
          }
          await killAll(stillRunning(pids));
        },
        output: () =>
          `${log}\n== naught.log\n${readIfThere(path.join(context.workDir, 'naught.log'))}\n== stderr.log\n${readIfThere(path.join(context.workDir, 'stderr.log'))}`,
      };
      const started = runToEnd([BIN.naught, 'start', '--worker-count', String(workers), script], context.workDir, env);
      log += started.output;
      if (started.status !== 0) {
        await running.stop();
        throw new Error(`naught start failed:\n${running.output()}`);
      }
      return running;
    },
  };
}

export const RUNNERS: readonly Runner[] = [
  {
    id: 'node',
    label: 'node, directly',
    command: 'node dist/server.js',
    expectation: 'nobody restarts it: down for good',
    async start(context) {
      return startInGroup([SERVER_JS], context);
    },
  },
  {
    id: 'supervisor',
    label: 'supervisor',
    command: 'supervisor --watch dist --non-interactive dist/server.js',
    expectation: 'restarts the program as soon as it exits',
    async start(context) {
      return startInGroup([BIN.supervisor, '--watch', path.dirname(SERVER_JS), '--non-interactive', SERVER_JS], context);
    },
  },
  {
    id: 'nodemon',
    label: 'nodemon',
    command: 'nodemon --watch dist dist/server.js',
    expectation: 'after a crash it waits for a file change: down until someone edits a file',
    async start(context) {
      return startInGroup([BIN.nodemon, '--watch', path.dirname(SERVER_JS), SERVER_JS], context);
    },
  },
  pm2Runner(false),
  pm2Runner(true),
  naughtRunner(1, false),
  naughtRunner(1, true),
  naughtRunner(2, false),
  naughtRunner(2, true),
];
