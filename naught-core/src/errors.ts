import type { NaughtEvent } from './events';

/**
 * One error class per failure kind, each carrying its facts and its cause, so
 * callers can tell them apart without parsing messages.
 */

export type IpcConnectFailure = 'not-running' | 'stale' | 'permission' | 'other';

/** The daemon's socket could not be reached. */
export class IpcConnectError extends Error {
  constructor(
    readonly kind: IpcConnectFailure,
    readonly socketPath: string,
    readonly cause: NodeJS.ErrnoException,
  ) {
    super(`unable to connect to ipc-file \`${socketPath}\`: ${describe(kind, cause)}`, { cause });
    this.name = 'IpcConnectError';
  }
}

function describe(kind: IpcConnectFailure, cause: NodeJS.ErrnoException): string {
  switch (kind) {
    case 'not-running':
      return 'server not running';
    case 'stale':
      return 'nothing is listening (stale ipc file)';
    case 'permission':
      return 'permission denied';
    default:
      return cause.message;
  }
}

/** Bad command line input; the CLI prints the message and the command's help. */
export class UsageError extends Error {
  constructor(
    readonly command: string,
    message: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The daemon could not get going (a directory, a log file, the socket). */
export class DaemonStartError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DaemonStartError';
  }
}

/** A command that cannot go on with well-formed input: one line on stderr, a non-zero exit, no help. */
export class CommandFailure extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CommandFailure';
  }
}

/** A deploy did not happen: a new worker died or timed out (`DeployFailed`), or it was aborted. */
export class DeployFailedError extends Error {
  constructor(
    readonly reason: 'failed' | 'aborted' | 'server-stopped' | 'connection-lost',
    readonly events: readonly NaughtEvent[],
  ) {
    super(`deploy ${reason === 'failed' ? 'failed' : reason === 'aborted' ? 'was aborted' : reason === 'server-stopped' ? 'ended: the server stopped' : 'lost its connection to the daemon'}`);
    this.name = 'DeployFailedError';
  }
}

/** The daemon answered in a way the request does not allow (or hung up first). */
export class DaemonResponseError extends Error {
  constructor(
    message: string,
    readonly event: NaughtEvent | null,
  ) {
    super(message);
    this.name = 'DaemonResponseError';
  }
}
