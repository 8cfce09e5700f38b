/**
 * After an uncaught exception or unhandled rejection: log it, tell the master
 * ('offline': it forks a replacement at once), keep serving until the master
 * says the replacement is online ('replaced'), then drain and exit. Closing
 * the listener at once would let cluster close the shared port when this is
 * the only worker, refusing connections until the replacement listens.
 */
import type * as http from 'node:http';
import { inspect } from 'node:util';
import { resolveDrainOptions, trackConnections, type ConnectionTracker, type DrainOptions } from './connection-tracker';
import { hasAnnouncedOnline, offline, REPLACED_MESSAGE, SHUTDOWN_MESSAGE } from './protocol';
import { isShuttingDown } from './shutdown';

export interface CrashGuardOptions extends DrainOptions {
  /** Default: print the stack to stderr. */
  log?: (error: unknown) => void;
  /** Default 1. */
  exitCode?: number;
  /** How long to keep serving while waiting for the master's 'replaced' after 'offline'. Default 5000. */
  handoverTimeoutMs?: number;
}

/**
 * Resolves when the master says the replacement is online ('replaced') or
 * that this worker must go anyway ('shutdown'), when the channel closes,
 * after `timeoutMs`, or at once when not under a master.
 */
function waitForHandover(timeoutMs: number): Promise<void> {
  if (typeof process.send !== 'function' || !process.connected) return Promise.resolve();
  return new Promise((resolve) => {
    const onMessage = (message: unknown): void => {
      if (message === REPLACED_MESSAGE || message === SHUTDOWN_MESSAGE) finish();
    };
    const finish = (): void => {
      clearTimeout(timer);
      process.removeListener('message', onMessage);
      process.removeListener('disconnect', finish);
      resolve();
    };
    const timer = setTimeout(finish, timeoutMs);
    process.on('message', onMessage);
    process.once('disconnect', finish);
  });
}

interface Guarded {
  readonly tracker: ConnectionTracker;
  readonly drainOptions: DrainOptions;
}

function printError(error: unknown): void {
  // inspect prints an Error's stack (and its cause); anything else thrown, as it is.
  process.stderr.write(`${inspect(error)}\n`);
}

// Process-wide, like the events it listens to: one crash drains every guarded server.
const guarded: Guarded[] = [];
let crashed = false;

/**
 * On 'uncaughtException' and 'unhandledRejection': logs the error, sends
 * 'offline', drains every guarded server, then calls process.exit(exitCode).
 * A second crash while draining is logged and nothing more. During a
 * handleShutdown shutdown it sends no 'offline' and lets that shutdown finish
 * (beforeExit included), with exitCode. With several servers, the first
 * call's log and exitCode apply.
 */
export function guardCrashes(server: http.Server, options: CrashGuardOptions = {}): void {
  const { log = printError, exitCode = 1, handoverTimeoutMs = 5_000, ...drainOptions } = options;
  resolveDrainOptions(drainOptions);
  if (!Number.isInteger(exitCode)) throw new RangeError(`exitCode must be an integer, got ${String(exitCode)}`);
  if (!(Number.isFinite(handoverTimeoutMs) && handoverTimeoutMs >= 0)) {
    throw new RangeError(`handoverTimeoutMs must be a number >= 0, got ${String(handoverTimeoutMs)}`);
  }
  const entry: Guarded = { tracker: trackConnections(server), drainOptions };
  guarded.push(entry);
  if (crashed) {
    void entry.tracker.drain(drainOptions);
    return;
  }
  if (guarded.length > 1) return;

  const onCrash = (error: unknown): void => {
    try {
      log(error);
    } catch (logFailure) {
      // A throwing logger must not turn into a crash inside the crash handler.
      printError(error);
      printError(logFailure);
    }
    if (crashed) return;
    crashed = true;
    const drainAll = (): Promise<void>[] => guarded.map(({ tracker, drainOptions: options }) => tracker.drain(options));
    if (isShuttingDown()) {
      // handleShutdown is draining already and will run its beforeExit hooks
      // before it exits: let it finish, with this exit code.
      process.exitCode = exitCode;
      void drainAll();
      return;
    }
    // A server already draining means this worker is on its way out anyway:
    // the master is not counting on it, and 'offline' would make it fork another.
    // Still booting (online() never called): the master would ignore 'offline' and send no handover.
    if (!hasAnnouncedOnline() || guarded.some(({ tracker }) => tracker.draining)) {
      void Promise.all(drainAll()).then(() => process.exit(exitCode));
      return;
    }
    offline();
    process.exitCode = exitCode;
    void waitForHandover(handoverTimeoutMs).then(() => {
      // handleShutdown, if installed, took the 'shutdown' too: it drains, runs its hooks and exits with this code.
      if (isShuttingDown()) {
        void drainAll();
        return;
      }
      void Promise.all(drainAll()).then(() => process.exit(exitCode));
    });
  };
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
}
