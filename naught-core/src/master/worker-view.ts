/**
 * What the master tells about its workers for `naught status --workers` and
 * `--json`: plain data, no handles, taken at one moment. Memory is not here:
 * reading /proc is the daemon's business (it is asynchronous), not the master's.
 */
import type { WorkerState } from './worker-record';
import { pidOf, type WorkerRecord } from './worker-record';

export interface WorkerView {
  /** NAUGHT_WORKER. */
  index: number;
  /** null only for a fork that could not start. */
  pid: number | null;
  state: WorkerState;
  /** When it was forked (ms since 1970). */
  startedAt: number;
  /** When it said 'online', or null. */
  onlineAt: number | null;
  /** Restarts of this index (after a crash or an 'offline') since the server started; deploys do not count. */
  restarts: number;
}

/** A worker index waiting out a crash-loop delay before its restart. */
export interface PendingRestartView {
  index: number;
  /** When the restart is due (ms since 1970). */
  dueAt: number;
  restarts: number;
}

/** `naught status --workers` in data: what the master is doing and who its workers are. */
export interface MasterView {
  /** The kind of operation under way: a boot, a deploy, a stop, or none. */
  operation: 'boot' | 'deploy' | 'stop' | null;
  /** During a deploy: its phase, and whether it is being aborted (by the user, a timeout or a failed worker). */
  deployPhase: 'new' | 'old' | null;
  deployAborting: boolean;
  /** The worker count new boots, deploys and restarts use. */
  workerCount: number;
  /** The workers' working directory (deploy --cwd changes it). */
  cwd: string;
  workers: WorkerView[];
  pendingRestarts: PendingRestartView[];
}

export function viewWorker(record: WorkerRecord, restarts: number): WorkerView {
  return {
    index: record.index,
    pid: pidOf(record) ?? null,
    state: record.state,
    startedAt: record.spawnedAt,
    onlineAt: record.onlineAt,
    restarts,
  };
}

/** By index, then oldest first: during a deploy an index has an old and a new worker. */
export function byIndexThenAge(a: WorkerView, b: WorkerView): number {
  return a.index - b.index || a.startedAt - b.startedAt;
}
