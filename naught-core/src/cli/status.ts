/** `naught status [ipc-file]` */
import { formatStatusText } from '../events';
import { parseArgs } from './args';
import { connectOrExplain, isConnectFailure } from './connect';
import { DEFAULT_IPC_FILE } from './help';
import { printLine, printText } from './output';
import { followEvents } from './wait-for-events';
import { UsageError } from '../errors';

export async function runStatus(argv: readonly string[]): Promise<number> {
  const { positional } = parseArgs('status', argv, []);
  if (positional.length > 1) throw new UsageError('status', `unexpected argument ${JSON.stringify(positional[1])}`);
  const ipcFile = positional[0] ?? DEFAULT_IPC_FILE;
  const connection = await connectOrExplain(ipcFile, 1);
  if (isConnectFailure(connection)) return connection.exitCode;
  return followEvents(
    connection,
    { action: 'NaughtStatus' },
    (event) => {
      if (event.event !== 'Status') return undefined;
      printText('stdout', formatStatusText(event));
      return 0;
    },
    () => {
      printLine('stderr', 'server not running');
      return 1;
    },
  );
}
