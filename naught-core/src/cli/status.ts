/** `naught status [--json | --workers] [ipc-file]` */
import { DaemonResponseError, UsageError } from '../errors';
import { formatStatusText } from '../events';
import { requestStatusDetail } from '../ipc/status-detail-request';
import type { StatusDetail } from '../status-detail';
import { parseArgs } from './args';
import { connectOrExplain, isConnectFailure } from './connect';
import { DEFAULT_IPC_FILE } from './help';
import { printLine, printText } from './output';
import { formatStatusTable } from './status-table';
import { followEvents } from './wait-for-events';

export async function runStatus(argv: readonly string[]): Promise<number> {
  // --json and --workers are naught-core's; without them this is 1.6.0's status, unchanged.
  const { flags, positional } = parseArgs('status', argv, [], { flags: ['json', 'workers'] });
  if (positional.length > 1) throw new UsageError('status', `unexpected argument ${JSON.stringify(positional[1])}`);
  if (flags.has('json') && flags.has('workers')) throw new UsageError('status', '--json and --workers cannot be combined');
  const ipcFile = positional[0] ?? DEFAULT_IPC_FILE;
  const connection = await connectOrExplain(ipcFile, 1);
  if (isConnectFailure(connection)) return connection.exitCode;
  if (flags.has('json') || flags.has('workers')) {
    let detail: StatusDetail;
    try {
      detail = await requestStatusDetail(connection);
    } catch (error) {
      if (!(error instanceof DaemonResponseError)) throw error;
      printLine('stderr', error.event === null ? 'server not running' : `naught status: ${error.message}`);
      return 1;
    }
    if (flags.has('json')) {
      const { event: _event, ...shown } = detail;
      printLine('stdout', JSON.stringify(shown, null, 2));
    } else {
      printText('stdout', formatStatusTable(detail));
    }
    return 0;
  }
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
