/**
 * One error class per way auto-daemon can fail, each carrying its facts, so a
 * caller tells them apart with `instanceof` and reads fields, never messages.
 * All extend AutodError.
 */
import type { WireError } from './protocol';

export class AutodError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AutodError';
  }
}

/** An option is missing or has the wrong type; thrown at once, before anything is spawned or connected. */
export class AutodOptionsError extends AutodError {
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(`auto-daemon option \`${option}\`: ${message}`);
    this.name = 'AutodOptionsError';
  }
}

export type AutodStartFailure =
  /** spawn() itself failed (execPath not found, cwd missing). */
  | 'spawn-failed'
  /** The process ended before it said it was ready or already running. */
  | 'exited'
  /** The rpc interface module could not be loaded, or exports no function. */
  | 'interface-failed'
  /** Something that is not a socket sits at the sockfile path; auto-daemon never deletes it. */
  | 'socket-occupied'
  /** The daemon reported another failure (a directory it cannot create, a pid file it cannot write). */
  | 'daemon-failed'
  /** No daemon was reachable before startTimeoutMs ran out. */
  | 'timeout';

/** No daemon could be started, or none answered in time. */
export class AutodStartError extends AutodError {
  /** The daemon's exit code or signal, for reason 'exited'. */
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;

  constructor(
    readonly reason: AutodStartFailure,
    readonly sockfile: string,
    message: string,
    options?: { cause?: unknown; exitCode?: number | null; signal?: NodeJS.Signals | null },
  ) {
    super(message, options);
    this.name = 'AutodStartError';
    this.exitCode = options?.exitCode ?? null;
    this.signal = options?.signal ?? null;
  }
}

export type AutodNotRunningKind =
  /** No socket file. */
  | 'not-running'
  /** A socket file that nobody listens on (its daemon died, or is about to listen). */
  | 'stale'
  /** The daemon accepted the connection and closed it before greeting (it was closing). */
  | 'closing';

/** connect() found no daemon to talk to (autod() reacts by spawning one). */
export class AutodNotRunningError extends AutodError {
  constructor(
    readonly kind: AutodNotRunningKind,
    readonly sockfile: string,
    options?: { cause?: unknown },
  ) {
    super(`no auto-daemon is listening on ${sockfile} (${kind})`, options);
    this.name = 'AutodNotRunningError';
  }
}

/** listen() found a live daemon for this socket: it holds the start lock, or it answers on the socket. */
export class AutodAlreadyRunningError extends AutodError {
  constructor(readonly sockfile: string) {
    super(`an auto-daemon is already running on ${sockfile}`);
    this.name = 'AutodAlreadyRunningError';
  }
}

/** The client listed methods that the daemon's interface does not have. */
export class AutodMissingMethodsError extends AutodError {
  constructor(
    readonly missing: readonly string[],
    readonly sockfile: string,
  ) {
    super(`the auto-daemon on ${sockfile} has no method ${missing.map((name) => `\`${name}\``).join(', ')}`);
    this.name = 'AutodMissingMethodsError';
  }
}

/** The other side spoke something else than this version's protocol. */
export class AutodProtocolError extends AutodError {
  constructor(message: string) {
    super(message);
    this.name = 'AutodProtocolError';
  }
}

/** A call or a stream was still open when the connection to the daemon closed. */
export class AutodConnectionClosedError extends AutodError {
  constructor(readonly method: string) {
    super(`the connection to the auto-daemon closed before \`${method}\` finished`);
    this.name = 'AutodConnectionClosedError';
  }
}

/**
 * A method failed inside the daemon (it threw, rejected, or passed an error to
 * its callback), or the interface factory refused the connection. The
 * daemon's error is described by its name, message, code and stack.
 */
export class AutodRemoteError extends AutodError {
  readonly remoteName: string;
  readonly remoteMessage: string;
  readonly code: string | undefined;
  readonly remoteStack: string | undefined;

  constructor(
    readonly method: string,
    remote: WireError,
  ) {
    super(`${method} failed in the auto-daemon: ${remote.name}: ${remote.message}`);
    this.name = 'AutodRemoteError';
    this.remoteName = remote.name;
    this.remoteMessage = remote.message;
    this.code = remote.code;
    this.remoteStack = remote.stack;
  }
}
