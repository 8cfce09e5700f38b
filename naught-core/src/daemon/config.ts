/**
 * Everything the daemon needs, resolved by the CLI (absolute paths, parsed
 * numbers) and handed over as one JSON argument.
 */

export interface DaemonConfig {
  workerCount: number;
  /** Absolute path of the unix socket. */
  ipcFile: string;
  /** Absolute path of the pid file. */
  pidFile: string;
  /** Absolute paths, or '/dev/null' (disabled) or '-' (the foreground CLI's own stream). */
  log: string;
  stdout: string;
  stderr: string;
  maxLogSize: number;
  /** Archives kept per log (--max-log-files); null keeps them all, as 1.6.0 did. */
  maxLogFiles: number | null;
  /** An ISO 8601 time before each line of the workers' stdout and stderr logs (--log-timestamps). */
  logTimestamps: boolean;
  /** Absolute path of the user's server. */
  script: string;
  scriptArgs: string[];
  nodeArgs: string[];
  /** The workers' working directory. */
  cwd: string;
  /** true when the CLI itself plays the daemon (--daemon-mode false). */
  foreground: boolean;
}

export const DEV_NULL = '/dev/null';
export const OWN_STREAM = '-';

export function decodeConfig(text: string | undefined): DaemonConfig {
  if (text === undefined) throw new Error('naught daemon: missing configuration argument');
  const config = JSON.parse(text) as DaemonConfig;
  // Fields added after 2.0.0 take their defaults when missing.
  return { ...config, maxLogFiles: config.maxLogFiles ?? null, logTimestamps: config.logTimestamps ?? false };
}
