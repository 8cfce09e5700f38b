/**
 * Graceful shutdown on the master's 'shutdown' (or SIGTERM without naught):
 * drain, run the beforeExit hooks, exit.
 */
import type * as http from 'node:http';
import { inspect } from 'node:util';
import { resolveDrainOptions, trackConnections, type ConnectionTracker, type DrainOptions } from './connection-tracker';
import { isNaughtWorker, onShutdown } from './protocol';

export interface GracefulShutdownOptions extends DrainOptions {
  /** Default 0. A failing beforeExit hook makes it 1. */
  exitCode?: number;
  /** Runs once every server has drained: close database pools and the like. */
  beforeExit?: () => void | Promise<void>;
}

interface Registration {
  readonly tracker: ConnectionTracker;
  readonly drainOptions: DrainOptions;
  readonly beforeExit: (() => void | Promise<void>) | undefined;
}

// Process-wide: with several servers (an API and a metrics endpoint, say)
// every one must have drained before the process exits.
const registrations: Registration[] = [];
let exitCode = 0;
let shuttingDown = false;

/**
 * Installs connection tracking on `server` now; on 'shutdown' from the naught
 * master (and on SIGTERM when not under naught) drains it, runs beforeExit,
 * then calls process.exit(exitCode). With several servers, each is drained,
 * their beforeExit hooks run in the order of the calls, and the first call's
 * exitCode applies. A non-zero process.exitCode (set by guardCrashes when
 * something crashes during the shutdown) wins over exitCode.
 */
export function handleShutdown(server: http.Server, options: GracefulShutdownOptions = {}): void {
  const { exitCode: code = 0, beforeExit, ...drainOptions } = options;
  // Bad options fail now, not when the master asks the worker to go.
  resolveDrainOptions(drainOptions);
  if (!Number.isInteger(code)) throw new RangeError(`exitCode must be an integer, got ${String(code)}`);
  const registration: Registration = { tracker: trackConnections(server), drainOptions, beforeExit };
  registrations.push(registration);
  if (shuttingDown) {
    void registration.tracker.drain(drainOptions);
    return;
  }
  if (registrations.length > 1) return;
  exitCode = code;
  onShutdown(shutDown);
  // Under naught the master owns signals and says 'shutdown'; a lone server
  // (systemd, docker, a terminal) gets SIGTERM instead.
  if (!isNaughtWorker()) process.on('SIGTERM', shutDown);
}

/** True once 'shutdown' (or SIGTERM) started handleShutdown's sequence. */
export function isShuttingDown(): boolean {
  return shuttingDown;
}

function shutDown(): void {
  if (shuttingDown) return;
  shuttingDown = true;
  // Start every drain synchronously, within the message handler: cluster's
  // disconnect is processed right after it.
  const drained = registrations.map((registration) => registration.tracker.drain(registration.drainOptions));
  void exitAfter(drained);
}

async function exitAfter(drained: Promise<void>[]): Promise<void> {
  let code = exitCode;
  await Promise.all(drained);
  for (const { beforeExit } of registrations) {
    try {
      await beforeExit?.();
    } catch (error) {
      process.stderr.write(`naught-core: beforeExit failed: ${inspect(error)}\n`);
      code = code === 0 ? 1 : code;
    }
  }
  // A crash during the shutdown leaves its exit code here (see guardCrashes).
  const crashCode = Number(process.exitCode ?? 0);
  process.exit(crashCode !== 0 ? crashCode : code);
}
