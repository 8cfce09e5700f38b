/**
 * The detailed status (`naught status --json`, `--workers`, `naught logs`):
 * its shape on the wire, which is also what `--json` prints (without
 * `event`), and the check a client makes before trusting it.
 */
import { isNaughtEvent, type WaitingFor, type WorkerCounts } from './events';

export type WorkerStateName = 'booting' | 'new_online' | 'online' | 'dying' | 'destroyed';

export interface WorkerDetail {
  /** NAUGHT_WORKER. */
  index: number;
  /** null only for a fork that could not start. */
  pid: number | null;
  state: WorkerStateName;
  /** ISO 8601: when it was forked. */
  startedAt: string;
  /** ISO 8601: when it said 'online', or null. */
  onlineAt: string | null;
  /** Seconds since it was forked. */
  uptimeSeconds: number;
  /** Restarts of this index (after a crash or an 'offline') since the server started. */
  restarts: number;
  /** Resident memory (VmRSS), or null if it could not be read (the process is gone). */
  rssBytes: number | null;
}

export interface PendingRestartDetail {
  index: number;
  /** ISO 8601: when the crash-loop delay ends. */
  dueAt: string;
  restarts: number;
}

export interface StatusDetail {
  event: 'StatusDetail';
  /** The daemon's naught-core version. */
  version: string;
  waitingFor: WaitingFor;
  count: WorkerCounts;
  operation: 'boot' | 'deploy' | 'stop' | null;
  deployInProgress: boolean;
  /** 'new': waiting for new workers to come online; 'old': for old ones to exit. */
  deployPhase: 'new' | 'old' | null;
  deployAborting: boolean;
  stopInProgress: boolean;
  daemon: { pid: number; rssBytes: number | null; startedAt: string; uptimeSeconds: number; foreground: boolean };
  /** naught-core runs the cluster master inside the daemon: same pid, same memory. */
  master: { pid: number; rssBytes: number | null; sameProcessAsDaemon: boolean };
  workerCount: number;
  workers: WorkerDetail[];
  pendingRestarts: PendingRestartDetail[];
  script: string;
  cwd: string;
  /** Absolute paths; the logs may also be '/dev/null' or '-'. */
  files: { ipcFile: string; pidFile: string; log: string; stdout: string; stderr: string };
  logOptions: { maxLogSize: number; maxLogFiles: number | null; logTimestamps: boolean };
}

type Check = (value: unknown) => boolean;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isString: Check = (value) => typeof value === 'string';
const isBoolean: Check = (value) => typeof value === 'boolean';
const isCount: Check = (value) => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const isSeconds: Check = (value) => typeof value === 'number' && Number.isFinite(value) && value >= 0;
const orNull = (check: Check): Check => (value) => value === null || check(value);
const oneOf = (...allowed: unknown[]): Check => (value) => allowed.includes(value);
const arrayOf = (check: Check): Check => (value) => Array.isArray(value) && value.every(check);
const shaped = (fields: Record<string, Check>): Check => (value) => isObject(value) && Object.entries(fields).every(([name, check]) => check(value[name]));

const isWorkerDetail = shaped({
  index: isCount,
  pid: orNull(isCount),
  state: oneOf('booting', 'new_online', 'online', 'dying', 'destroyed'),
  startedAt: isString,
  onlineAt: orNull(isString),
  uptimeSeconds: isSeconds,
  restarts: isCount,
  rssBytes: orNull(isCount),
});

const isDetail = shaped({
  event: oneOf('StatusDetail'),
  version: isString,
  operation: oneOf('boot', 'deploy', 'stop', null),
  deployInProgress: isBoolean,
  deployPhase: oneOf('new', 'old', null),
  deployAborting: isBoolean,
  stopInProgress: isBoolean,
  daemon: shaped({ pid: isCount, rssBytes: orNull(isCount), startedAt: isString, uptimeSeconds: isSeconds, foreground: isBoolean }),
  master: shaped({ pid: isCount, rssBytes: orNull(isCount), sameProcessAsDaemon: isBoolean }),
  workerCount: isCount,
  workers: arrayOf(isWorkerDetail),
  pendingRestarts: arrayOf(shaped({ index: isCount, dueAt: isString, restarts: isCount })),
  script: isString,
  cwd: isString,
  files: shaped({ ipcFile: isString, pidFile: isString, log: isString, stdout: isString, stderr: isString }),
  logOptions: shaped({ maxLogSize: isCount, maxLogFiles: orNull(isCount), logTimestamps: isBoolean }),
});

/** Checks a message received over the ipc socket before anyone trusts it. */
export function isStatusDetail(value: unknown): value is StatusDetail {
  // The counts and waitingFor are checked exactly as an event's are.
  return isDetail(value) && isNaughtEvent({ ...(value as object), event: 'Status' });
}
