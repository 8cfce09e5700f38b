/**
 * The options of `naught start`, turned into the daemon's configuration.
 * `naught systemd-unit` takes the same options and resolves them the same
 * way, so a unit starts exactly the server `naught start` would.
 */
import * as path from 'node:path';
import { UsageError } from '../errors';
import { DEV_NULL, OWN_STREAM, type DaemonConfig } from '../daemon/config';
import { parseBoolean, parseCountOrNone, parsePositiveInteger, parseWorkerCount, splitNodeArgs, type ParsedArgs } from './args';
import { DEFAULT_IPC_FILE, DEFAULT_LOG, DEFAULT_MAX_LOG_SIZE, DEFAULT_PID_FILE, DEFAULT_STDERR, DEFAULT_STDOUT } from './defaults';
import { requireDirectory, requireScript } from './paths';

/** 1.6.0's options, then naught-core's (`--log-timestamps`, `--max-log-files`). */
export const START_OPTIONS = [
  'worker-count', 'ipc-file', 'pid-file', 'log', 'stdout', 'stderr', 'max-log-size', 'cwd', 'daemon-mode', 'remove-old-ipc', 'node-args',
  'log-timestamps', 'max-log-files',
] as const;

export interface StartOptions {
  config: DaemonConfig;
  /** The ipc file as the user wrote it, for messages. */
  ipcFileAsGiven: string;
  removeOldIpc: boolean;
}

/**
 * Resolves parsed start options against `here` (paths absolute, numbers
 * checked) and checks that the script and --cwd exist. Throws UsageError or
 * CommandFailure.
 */
export function resolveStartOptions(command: 'start' | 'systemd-unit', parsed: ParsedArgs, here = process.cwd()): StartOptions {
  const { options, positional } = parsed;
  const [script, ...scriptArgs] = positional;
  if (script === undefined) throw new UsageError(command, 'missing the server script');
  // Log paths keep their special values; everything else resolves against where the command ran.
  const logPath = (value: string): string => (value === OWN_STREAM || value === DEV_NULL ? value : path.resolve(here, value));
  const ipcFileAsGiven = options.get('ipc-file') ?? DEFAULT_IPC_FILE;
  const daemonMode = parseBoolean(command, 'daemon-mode', options.get('daemon-mode') ?? 'true');
  const config: DaemonConfig = {
    workerCount: parseWorkerCount(command, options.get('worker-count') ?? '1', false),
    ipcFile: path.resolve(here, ipcFileAsGiven),
    pidFile: path.resolve(here, options.get('pid-file') ?? DEFAULT_PID_FILE),
    log: logPath(options.get('log') ?? DEFAULT_LOG),
    stdout: logPath(options.get('stdout') ?? DEFAULT_STDOUT),
    stderr: logPath(options.get('stderr') ?? DEFAULT_STDERR),
    maxLogSize: parsePositiveInteger(command, 'max-log-size', options.get('max-log-size') ?? DEFAULT_MAX_LOG_SIZE),
    maxLogFiles: parseCountOrNone(command, 'max-log-files', options.get('max-log-files') ?? 'none'),
    logTimestamps: parseBoolean(command, 'log-timestamps', options.get('log-timestamps') ?? 'false'),
    script: path.resolve(here, script),
    scriptArgs,
    nodeArgs: splitNodeArgs(options.get('node-args') ?? ''),
    cwd: path.resolve(here, options.get('cwd') ?? '.'),
    foreground: !daemonMode,
  };
  const removeOldIpc = parseBoolean(command, 'remove-old-ipc', options.get('remove-old-ipc') ?? 'false');
  requireScript(command, config.script, script);
  requireDirectory(command, config.cwd);
  return { config, ipcFileAsGiven, removeOldIpc };
}
