/** `naught logs [--stdout | --stderr | --log | --file PATH] [-n N] [-f] [ipc-file]` */
import * as path from 'node:path';
import { CommandFailure, DaemonResponseError, IpcConnectError, UsageError } from '../errors';
import { DEV_NULL, OWN_STREAM } from '../daemon/config';
import { connectToDaemon } from '../ipc/client';
import { requestStatusDetail } from '../ipc/status-detail-request';
import { LogFollower, openLiveLog, readLastLines, type LiveLog } from '../logs';
import { parseArgs, rejectExtraArguments } from './args';
import { DEFAULT_IPC_FILE, DEFAULT_LOG, DEFAULT_STDERR, DEFAULT_STDOUT } from './defaults';
import { printLine } from './output';
import { writeOut } from './write-out';

type Which = 'stdout' | 'stderr' | 'log';

const DEFAULT_PATHS: Record<Which, string> = { stdout: DEFAULT_STDOUT, stderr: DEFAULT_STDERR, log: DEFAULT_LOG };
const NAMES: Record<Which, string> = { stdout: 'stdout log', stderr: 'stderr log', log: 'naught log' };

interface LogsRequest {
  which: Which;
  /** --file PATH, absolute; null: ask the server, or use the default path. */
  file: string | null;
  lines: number;
  follow: boolean;
  ipcFile: string;
}

function parseLogsArgs(argv: readonly string[]): LogsRequest {
  const { options, flags, positional } = parseArgs('logs', argv, ['file', 'lines'], {
    flags: ['stdout', 'stderr', 'log', 'follow'],
    short: { '-n': 'lines', '-f': 'follow' },
  });
  const chosen = (['stdout', 'stderr', 'log'] as const).filter((name) => flags.has(name));
  if (chosen.length > 1) throw new UsageError('logs', 'choose one of --stdout, --stderr and --log');
  const file = options.get('file');
  if (file !== undefined && chosen.length > 0) throw new UsageError('logs', `--file names the log itself: leave out --${chosen[0]}`);
  const [ipcFile, ...extra] = positional;
  rejectExtraArguments('logs', extra);
  if (file !== undefined && ipcFile !== undefined) throw new UsageError('logs', `--file names the log itself: leave out the ipc file ${JSON.stringify(ipcFile)}`);
  const lines = options.get('lines') ?? '10';
  if (!/^\d+$/.test(lines) || !Number.isSafeInteger(Number(lines))) throw new UsageError('logs', `--lines must be a whole number, not ${JSON.stringify(lines)}`);
  return {
    which: chosen[0] ?? 'stdout',
    file: file === undefined ? null : path.resolve(file),
    lines: Number(lines),
    follow: flags.has('follow'),
    ipcFile: ipcFile ?? DEFAULT_IPC_FILE,
  };
}

export async function runLogs(argv: readonly string[]): Promise<number> {
  const request = parseLogsArgs(argv);
  const located = request.file !== null ? { file: request.file, running: null } : await locateLog(request);
  const live = await openLiveLog(located.file);
  if (live.handle === null && live.archives.length === 0) {
    const what = request.file === null ? NAMES[request.which] : 'log';
    if (located.running === false) {
      throw new CommandFailure(`naught logs: there is no ${what} at ${located.file} (naught start's default); give the log's path with --file PATH`);
    }
    throw new CommandFailure(`naught logs: there is no ${what} at ${located.file}`);
  }
  const tail = await readLastLines(live, request.lines);
  for (const archive of tail.missing) printLine('stderr', `naught logs: ${archive} was deleted before it could be read`);
  if (!request.follow) {
    await live.handle?.close();
    // An unfinished last line counts as one, as with tail.
    const shown = tail.partial.length > 0 && request.lines > 0 ? [...tail.lines.slice(tail.lines.length === request.lines ? 1 : 0), tail.partial, Buffer.from('\n')] : tail.lines;
    // A reader that went away early (`naught logs | head -n 1`) is not an error.
    await writeOut(Buffer.concat(shown)).catch(() => undefined);
    return 0;
  }
  await writeOut(Buffer.concat(tail.lines)).catch(() => undefined);
  return follow(located.file, live, tail.offset);
}

/** Where the log is: the running server says; otherwise start's default path in this directory. */
async function locateLog(request: LogsRequest): Promise<{ file: string; running: boolean }> {
  let configured: string;
  let foreground: boolean;
  try {
    const detail = await requestStatusDetail(await connectToDaemon(request.ipcFile));
    configured = detail.files[request.which];
    foreground = detail.daemon.foreground;
  } catch (error) {
    const notRunning = (error instanceof IpcConnectError && (error.kind === 'not-running' || error.kind === 'stale')) || (error instanceof DaemonResponseError && error.event === null);
    if (notRunning) {
      const file = path.resolve(DEFAULT_PATHS[request.which]);
      // Said on stderr: the default path may be another server's log, or an old one.
      printLine('stderr', `naught logs: the server is not running; reading ${file}`);
      return { file, running: false };
    }
    if (error instanceof IpcConnectError) throw new CommandFailure(error.message);
    if (error instanceof DaemonResponseError) throw new CommandFailure(`naught logs: ${error.message}; use --file PATH`);
    throw error;
  }
  if (configured === DEV_NULL) throw new CommandFailure(`naught logs: the server's ${NAMES[request.which]} is disabled (/dev/null): there is nothing to show`);
  if (configured === OWN_STREAM) {
    const where = foreground ? "goes to naught's own output (-), not to a file" : 'is discarded (- in daemon mode): there is nothing to show';
    throw new CommandFailure(`naught logs: the server's ${NAMES[request.which]} ${where}`);
  }
  return { file: configured, running: true };
}

/** Prints new lines until Ctrl+C (or SIGTERM, or the reader of stdout goes away). */
function follow(file: string, live: LiveLog, offset: number): Promise<number> {
  return new Promise((resolve) => {
    const finish = (code: number): void => {
      process.removeListener('SIGINT', onStop);
      process.removeListener('SIGTERM', onStop);
      void follower.stop().then(() => resolve(code));
    };
    const onStop = (): void => finish(0);
    const follower = new LogFollower(file, live, offset, {
      onLines: (lines) =>
        writeOut(lines).catch(() => {
          // stdout is closed (`naught logs -f | head`): nothing more to do.
          finish(0);
        }),
      onNotice: (message) => printLine('stderr', `naught logs: ${message}`),
      onError: (error) => {
        printLine('stderr', `naught logs: ${error.message}`);
        finish(1);
      },
    });
    process.once('SIGINT', onStop);
    process.once('SIGTERM', onStop);
    follower.start();
  });
}
