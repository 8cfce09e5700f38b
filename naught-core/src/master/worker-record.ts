/**
 * What the master knows about each worker. The four counts are derived from
 * these records, never kept apart, so they cannot drift (naught 1.6.0 kept
 * separate tallies and could lose track of a worker that died mid-deploy).
 */
import type { Worker } from 'node:cluster';
import type { WorkerCounts } from '../events';

/**
 * - booting: forked, has not said 'online' yet
 * - new_online: online, part of a boot or deploy that has not finished
 * - online: serving
 * - dying: told to shut down, destroyed during a stop or deploy, or went offline
 * - destroyed: an unfinished new worker being killed by an abort (counted
 *   nowhere, as in 1.6.0)
 */
export type WorkerState = 'booting' | 'new_online' | 'online' | 'dying' | 'destroyed';

/** Why a worker is going away, when it is planned; null means its exit would be a crash. */
export type Retirement = 'shutdown' | 'offline' | 'destroy-new' | 'destroy-old' | 'leftover';

export interface WorkerRecord {
  /** NAUGHT_WORKER: 0..n-1, inherited by a replacement. */
  readonly index: number;
  /** The boot or deploy that created it (or the one whose worker it replaced). */
  readonly cohort: number;
  readonly worker: Worker;
  readonly spawnedAt: number;
  state: WorkerState;
  retirement: Retirement | null;
  onlineAt: number | null;
  killTimer: NodeJS.Timeout | null;
  /** The worker that went 'offline' and that this one replaces, told to shut down once this one is online. */
  replaces: WorkerRecord | null;
  /** Set once its exit has been handled (an exit can be reported twice: 'exit' and a failed spawn's 'error'). */
  exited: boolean;
}

export function countWorkers(records: Iterable<WorkerRecord>): WorkerCounts {
  const count: WorkerCounts = { booting: 0, online: 0, dying: 0, new_online: 0 };
  for (const record of records) {
    if (record.state !== 'destroyed') count[record.state] += 1;
  }
  return count;
}

export function pidOf(record: WorkerRecord): number | undefined {
  return record.worker.process.pid;
}
