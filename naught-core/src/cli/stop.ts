/** `naught stop [--timeout S] [ipc-file]` */
import { parseArgs, parseTimeout, rejectExtraArguments } from './args';
import { connectOrExplain, isConnectFailure } from './connect';
import { DEFAULT_IPC_FILE } from './help';
import { printLine } from './output';
import { followEvents } from './wait-for-events';

export async function runStop(argv: readonly string[]): Promise<number> {
  // --pid-file is accepted and ignored, as in 1.6.0: the daemon knows its own pid file.
  const { options, positional } = parseArgs('stop', argv, ['timeout', 'pid-file']);
  const timeout = parseTimeout('stop', options.get('timeout') ?? 'none');
  const [ipcFile = DEFAULT_IPC_FILE, ...extra] = positional;
  rejectExtraArguments('stop', extra);
  const connection = await connectOrExplain(ipcFile, 0);
  if (isConnectFailure(connection)) return connection.exitCode;
  return followEvents(
    connection,
    { action: 'NaughtShutdown', timeout },
    (event) => {
      switch (event.event) {
        case 'Shutdown':
          return 0;
        case 'AlreadyShuttingDown':
          printLine('stderr', 'Waiting for shutdown already in progress.');
          printLine('stderr', 'If it hangs, Ctrl+C this command and try it again with --timeout 1');
          return 'silent';
        default:
          return undefined;
      }
    },
    () => {
      printLine('stderr', 'lost the connection to the daemon before it reported the shutdown');
      return 1;
    },
  );
}
