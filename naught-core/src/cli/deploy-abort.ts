/** `naught deploy-abort [ipc-file]` */
import { UsageError } from '../errors';
import { parseArgs } from './args';
import { connectOrExplain, isConnectFailure } from './connect';
import { DEFAULT_IPC_FILE } from './help';
import { printLine } from './output';
import { followEvents } from './wait-for-events';

export async function runDeployAbort(argv: readonly string[]): Promise<number> {
  const { positional } = parseArgs('deploy-abort', argv, []);
  if (positional.length > 1) throw new UsageError('deploy-abort', `unexpected argument ${JSON.stringify(positional[1])}`);
  const connection = await connectOrExplain(positional[0] ?? DEFAULT_IPC_FILE, 1);
  if (isConnectFailure(connection)) return connection.exitCode;
  return followEvents(
    connection,
    { action: 'NaughtDeployAbort' },
    (event) => {
      switch (event.event) {
        case 'ErrorNoDeployInProgress':
          printLine('stderr', 'no deploy in progress');
          return 1;
        // A deploy that was timing out when we asked ends with DeployFailed: aborted all the same.
        case 'Ready':
        case 'DeployFailed':
          printLine('stderr', 'deploy aborted');
          return 0;
        case 'Shutdown':
          printLine('stderr', 'the server shut down');
          return 1;
        default:
          return undefined;
      }
    },
    () => {
      printLine('stderr', 'lost the connection to the daemon before the abort finished');
      return 1;
    },
  );
}
