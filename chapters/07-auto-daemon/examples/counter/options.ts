/**
 * The counter's auto-daemon options, shared by the command line tool and the
 * examples. Only the socket path differs between them.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import type { AutodOptions } from '../../../../naught-core/src/autod';
import type { CounterApi } from './iface';

/**
 * The tool's socket: $COUNTER_SOCKFILE, else one per user in $XDG_RUNTIME_DIR
 * (a directory only this user can enter, on most Linux desktops), else in the
 * temporary directory.
 */
export const DEFAULT_SOCKFILE =
  process.env.COUNTER_SOCKFILE ?? path.join(process.env.XDG_RUNTIME_DIR ?? os.tmpdir(), `autod-counter-${os.userInfo().uid}.sock`);

export function counterOptions(sockfile = DEFAULT_SOCKFILE, extra: Partial<AutodOptions<CounterApi>> = {}): AutodOptions<CounterApi> {
  return {
    rpcfile: path.join(__dirname, 'iface.ts'),
    sockfile,
    methods: ['add', 'get', 'close', 'watch:s'],
    // The daemon runs here, whatever directory the command ran in. This folder is also where
    // `node --import tsx` (inherited: execArgv defaults to this process's) finds tsx.
    cwd: __dirname,
    ...extra,
  };
}
