/**
 * The long-lived process: owns the ipc socket, the pid file, the logs and the
 * signals, and runs the master in the same process. naught 1.6.0 ran the
 * master as a second Node process; one process saves a whole V8 heap (about
 * 40 MB) per server and a hop for every event, and loses no isolation that
 * matters: workers are separate processes either way, and they exit on their
 * own when the primary's IPC channel closes. The exception, workers already
 * told 'shutdown' that ignore it and SIGTERM, is ended by the next
 * `naught start` (leftover-group.ts).
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { DaemonStartError } from '../errors';
import { ZERO_COUNTS, formatEventLine, type NaughtEvent } from '../events';
import { parseRequest } from '../ipc/protocol';
import { IpcServer, type IpcClient } from '../ipc/server';
import { Master } from '../master/master';
import { currentEnvironment } from '../cli/environment';
import type { DaemonConfig } from './config';
import { DaemonOutputs } from './outputs';
import { buildStatusDetail } from './status-detail';
import { removePidFile, writePidFile } from './pid-file';

/** What the daemon tells the process that started it (the CLI, or whoever forked a foreground CLI). */
export type ParentMessage = NaughtEvent | { event: 'IpcListening' };

export interface ParentChannel {
  /** Resolves once the message is handed over (or could not be: the parent is gone). */
  send(message: ParentMessage): Promise<void>;
}

/** Another daemon already owns the socket (it won a start race). */
export class AlreadyRunningError extends Error {
  constructor(readonly socketPath: string) {
    super(`a daemon is already listening on ${socketPath}`);
    this.name = 'AlreadyRunningError';
  }
}

/** The parent's IPC channel, if any; sends are dropped once the parent has gone (1.6.0 crashed there). */
export function parentChannel(): ParentChannel | null {
  if (typeof process.send !== 'function') return null;
  return {
    send(message) {
      return new Promise((resolve) => {
        if (!process.connected || process.send === undefined) return resolve();
        try {
          process.send(message, undefined, {}, () => resolve());
        } catch {
          // the parent went away between the check and the send
          resolve();
        }
      });
    },
  };
}

/**
 * Starts the daemon. Resolves with the exit code once the server has stopped;
 * rejects with a DaemonStartError or AlreadyRunningError if it cannot start.
 */
export async function runDaemon(config: DaemonConfig, parent: ParentChannel | null): Promise<number> {
  let master: Master<IpcClient> | null = null;
  const early: Array<{ request: ReturnType<typeof parseRequest>; client: IpcClient }> = [];
  let outputs: DaemonOutputs | null = null;
  const server = new IpcServer({
    onMessage(client, message) {
      const request = parseRequest(message);
      // Status questions are answered to the asker only; everything else follows the events.
      // The flag is all a subscription takes: the server forgets a client when its connection closes,
      // and nothing here may keep one (a set of them once grew by one client per deploy).
      if (request !== null && request.action !== 'NaughtStatus' && request.action !== 'NaughtStatusDetail') {
        client.subscribed = true;
      }
      // The socket listens before the master exists (logs and pid file come between):
      // a request that arrives meanwhile waits for the boot instead of going unanswered.
      if (master === null) early.push({ request, client });
      else master.handle(request, client);
    },
    onProtocolError(client, reason) {
      outputs?.writeLine(`ipc client ${client.id} disconnected: ${reason}`);
    },
    onRefused(reason) {
      outputs?.writeLine(reason);
    },
  });

  await listenOrExplain(server, config.ipcFile);
  try {
    outputs = await DaemonOutputs.open(config);
    await writePidFile(config.pidFile);
  } catch (error) {
    await server.stopListening();
    await outputs?.closeAll();
    throw new DaemonStartError((error as Error).message, { cause: error });
  }
  const logs = outputs;

  const record = (event: NaughtEvent): void => logs.writeLine(formatEventLine(event));

  return new Promise<number>((resolve) => {
    const onSighup = (): void => master?.handle({ action: 'NaughtDeploy', newWorkerCount: 0, environment: {}, timeout: null, cwd: null }, null);
    const onStopSignal = (): void => master?.handle({ action: 'NaughtShutdown', timeout: null }, null);
    process.on('SIGHUP', onSighup);
    process.on('SIGTERM', onStopSignal);
    process.on('SIGINT', onStopSignal);

    master = new Master<IpcClient>(
      {
        script: config.script,
        scriptArgs: config.scriptArgs,
        workerCount: config.workerCount,
        nodeArgs: config.nodeArgs,
        cwd: config.cwd,
        // the environment of `naught start`, which this process inherited
        env: currentEnvironment(),
        stdout: logs.stdoutMode,
        stderr: logs.stderrMode,
      },
      {
        broadcast(event) {
          record(event);
          server.broadcast(event);
          void parent?.send(event);
        },
        reply(event, client) {
          record(event);
          client?.send(event);
          // A foreground CLI's parent (a service wrapper) hears every event, as under 1.6.0; the CLI that
          // started a detached daemon hears only its own boot, never the answers meant for other clients.
          if (client === null || config.foreground) void parent?.send(event);
        },
        replyDetail(event, view, client) {
          // To the asker alone, and not logged: `naught logs --log` would otherwise show its own question.
          buildStatusDetail(event, view, config).then(
            (detail) => client?.send(detail),
            (error: unknown) => logs.writeLine(`unable to answer a detailed status: ${(error as Error).message}`),
          );
        },
        log(line) {
          logs.writeLine(line);
        },
        workerForked(worker) {
          logs.attachWorker(worker.process.stdout as Readable | null, worker.process.stderr as Readable | null);
        },
        stopped(exitCode) {
          process.removeListener('SIGHUP', onSighup);
          process.removeListener('SIGTERM', onStopSignal);
          process.removeListener('SIGINT', onStopSignal);
          void finish(exitCode).then(resolve);
        },
      },
    );

    /**
     * In this order, so that whoever sees the Shutdown event can rely on it:
     * logs complete (the naught log ending with the Shutdown line, every gzip
     * done), then the socket and pid file gone, then the clients told; the
     * caller exits right away, and the kernel closes the clients' connections.
     */
    const finish = async (exitCode: number): Promise<number> => {
      const shutdown: NaughtEvent = { event: 'Shutdown', waitingFor: null, count: { ...ZERO_COUNTS } };
      await logs.flushAll();
      logs.writeLine(formatEventLine(shutdown));
      await logs.closeAll();
      await server.stopListening();
      removeSocketFile(config.ipcFile);
      removePidFile(config.pidFile);
      server.broadcast(shutdown);
      await Promise.all([parent?.send(shutdown), server.flushAll()]);
      return exitCode;
    };

    installLastResort(config, () => master?.killAll());
    void parent?.send({ event: 'IpcListening' });
    master.boot();
    for (const { request, client } of early.splice(0)) master.handle(request, client);
  });
}

/**
 * A bug in the daemon must not leave workers without a manager or a socket
 * that nobody answers: say what happened in the naught log, end the workers,
 * remove our files, and exit non-zero.
 */
function installLastResort(config: DaemonConfig, killWorkers: () => void): void {
  process.once('uncaughtException', (error) => {
    const line = `naught-core daemon crashed: ${error.stack ?? String(error)}\n`;
    try {
      if (config.log === '-' && config.foreground) process.stderr.write(line);
      else if (config.log !== '-' && config.log !== '/dev/null') fs.appendFileSync(config.log, line);
    } catch {
      // nowhere left to write
    }
    killWorkers();
    removeSocketFile(config.ipcFile);
    removePidFile(config.pidFile);
    process.exit(70);
  });
}

/**
 * Binds the socket, creating its directory. A socket file that is already
 * there belongs to a live daemon (we lost a start race) or is stale.
 */
async function listenOrExplain(server: IpcServer, socketPath: string): Promise<void> {
  try {
    await fs.promises.mkdir(path.dirname(socketPath), { recursive: true });
    await server.listen(socketPath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' && (await isSomeoneListening(socketPath))) throw new AlreadyRunningError(socketPath);
    throw new DaemonStartError((error as Error).message, { cause: error });
  }
}

/** Asks the socket; a daemon that has bound but not yet listened refuses for a moment, so ask a few times. */
async function isSomeoneListening(socketPath: string): Promise<boolean> {
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const answered = await new Promise<boolean>((resolve) => {
      const socket = net.connect(socketPath);
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (answered) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

/** Node removes the socket file when the server closes; this covers a file left by an odd filesystem. */
function removeSocketFile(socketPath: string): void {
  try {
    if (fs.lstatSync(socketPath).isSocket()) fs.unlinkSync(socketPath);
  } catch {
    // already gone
  }
}
