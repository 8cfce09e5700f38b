/**
 * Entry point of the detached daemon (`naught start` in daemon mode spawns
 * `node daemon/main.js <config>` with an IPC channel back to the CLI).
 */
import { decodeConfig } from './config';
import { AlreadyRunningError, parentChannel, runDaemon } from './daemon';

/** What the CLI learns when the daemon cannot start. */
export type StartFailure = { event: 'Error'; value: string } | { event: 'AlreadyRunning' };

function tellParent(message: StartFailure): Promise<void> {
  return new Promise((resolve) => {
    if (typeof process.send !== 'function' || !process.connected) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

async function main(): Promise<void> {
  const config = decodeConfig(process.argv[2]);
  // The CLI's IPC channel must not keep this process alive; the socket does that.
  process.channel?.unref();
  try {
    const exitCode = await runDaemon(config, parentChannel());
    // At once: the clients see their connection close when this process goes, not before.
    process.exit(exitCode);
  } catch (error) {
    await tellParent(error instanceof AlreadyRunningError ? { event: 'AlreadyRunning' } : { event: 'Error', value: (error as Error).message });
    process.exit(1);
  }
}

void main();
