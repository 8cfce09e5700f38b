/**
 * Entry point of a spawned auto-daemon: `node daemon-main.js <config JSON>`,
 * with an IPC channel back to the client that spawned it (spawn-daemon.ts).
 * It loads the rpc interface, listens, and sends exactly one start report:
 * 'ready', 'already-running' (it lost a start race; the client connects to
 * the winner) or 'failed' with the reason. Then it serves until its server
 * closes, and exits (unless `exit` is false).
 */
import * as fs from 'node:fs';
import { removePidFile } from '../daemon/pid-file';
import { AutodAlreadyRunningError, AutodStartError } from './errors';
import { loadInterface } from './load-interface';
import { decodeDaemonConfig, type DaemonConfig } from './options';
import { AutodServer } from './server';
import type { StartReport } from './start-report';

function report(message: StartReport): Promise<void> {
  return new Promise((resolve) => {
    if (typeof process.send !== 'function' || !process.connected) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

async function main(): Promise<void> {
  // The spawner's channel must not keep the daemon alive; the server does that.
  process.channel?.unref();
  let config: DaemonConfig;
  try {
    config = decodeDaemonConfig(process.argv[2]);
  } catch (error) {
    await report({ autod: 'failed', reason: 'daemon-failed', message: (error as Error).message });
    process.exit(1);
  }
  if (config.debug) {
    // The client that reads our output may exit first: writing into its closed pipe must not crash us.
    process.stdout.on('error', () => undefined);
    process.stderr.on('error', () => undefined);
  }
  let server: AutodServer;
  try {
    server = new AutodServer(await loadInterface(config.rpcfile, config.sockfile), config);
    await server.listen(config.sockfile, config.pidfile);
  } catch (error) {
    if (error instanceof AutodAlreadyRunningError) {
      await report({ autod: 'already-running' });
      process.exit(0);
    }
    const reason = error instanceof AutodStartError ? error.reason : 'daemon-failed';
    await report({ autod: 'failed', reason, message: (error as Error).message });
    process.exit(1);
  }
  server.on('error', (error) => console.error(`auto-daemon: ${error.message}`));
  server.once('close', () => {
    if (config.exit) process.exit(0);
  });
  const stop = (): void => void server.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  installLastResort(config);
  await report({ autod: 'ready', pid: process.pid });
  if (process.connected) process.disconnect();
}

/** A bug in the interface must not leave a socket file that no one answers: report it, remove our files, exit. */
function installLastResort(config: DaemonConfig): void {
  process.once('uncaughtException', (error) => {
    console.error(`auto-daemon crashed: ${error.stack ?? String(error)}`);
    try {
      if (fs.lstatSync(config.sockfile).isSocket()) fs.unlinkSync(config.sockfile);
    } catch {
      // already gone
    }
    removePidFile(config.pidfile);
    process.exit(70);
  });
}

void main();
