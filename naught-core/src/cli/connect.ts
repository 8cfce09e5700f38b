/**
 * Connecting to a running daemon, with naught 1.6.0's messages for the
 * failures a user meets, and one line (never a stack trace) for the others.
 */
import { connectToDaemon, type IpcConnection } from '../ipc/client';
import { IpcConnectError } from '../errors';
import { printLine, printText } from './output';

export function staleIpcText(ipcFile: string): string {
  return `unable to connect to ipc-file \`${ipcFile}\`\n\n1. the ipc file specified is invalid, or\n2. the daemon process died unexpectedly\n`;
}

export interface ConnectFailure {
  exitCode: number;
}

/**
 * Connects, or prints why not and returns the exit code to leave with.
 * `notRunningExitCode`: `stop` treats a server that is not running as success.
 */
export async function connectOrExplain(ipcFile: string, notRunningExitCode: number): Promise<IpcConnection | ConnectFailure> {
  try {
    return await connectToDaemon(ipcFile);
  } catch (error) {
    if (!(error instanceof IpcConnectError)) throw error;
    switch (error.kind) {
      case 'not-running':
        printLine('stderr', 'server not running');
        return { exitCode: notRunningExitCode };
      case 'stale':
        printText('stderr', staleIpcText(ipcFile));
        return { exitCode: 1 };
      default:
        printLine('stderr', error.message);
        return { exitCode: 1 };
    }
  }
}

export function isConnectFailure(value: IpcConnection | ConnectFailure): value is ConnectFailure {
  return 'exitCode' in value;
}
