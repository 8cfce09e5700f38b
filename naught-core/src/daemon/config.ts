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
  return JSON.parse(text) as DaemonConfig;
}
