/**
 * Ending a worker that must go: SIGTERM first, SIGKILL if it is still there
 * after a grace period. naught 1.6.0 only sent SIGTERM, so `stop --timeout`
 * hung forever on a worker that ignored it.
 */
import type { WorkerRecord } from './worker-record';

export const MIN_KILL_GRACE_MS = 1_000;
export const MAX_KILL_GRACE_MS = 5_000;

/** The grace between SIGTERM and SIGKILL: the user's timeout, kept between 1 and 5 s. */
export function killGraceFor(timeoutSeconds: number | null): number {
  const requested = timeoutSeconds === null ? MIN_KILL_GRACE_MS : timeoutSeconds * 1000;
  return Math.min(MAX_KILL_GRACE_MS, Math.max(MIN_KILL_GRACE_MS, requested));
}

export function signalWorker(record: WorkerRecord, signal: NodeJS.Signals): void {
  if (record.worker.process.exitCode !== null || record.worker.process.signalCode !== null) return;
  try {
    record.worker.process.kill(signal);
  } catch {
    // already gone: its exit event is on its way
  }
}

export function terminateWorker(record: WorkerRecord, graceMs: number): void {
  signalWorker(record, 'SIGTERM');
  if (record.killTimer === null) {
    record.killTimer = setTimeout(() => signalWorker(record, 'SIGKILL'), graceMs);
  }
}

/** Sends 'shutdown' and lets cluster close the worker's servers and IPC channel, as naught always did. */
export function askToShutDown(record: WorkerRecord): void {
  const { worker } = record;
  if (!worker.isConnected()) return;
  try {
    worker.send('shutdown');
    worker.disconnect();
  } catch {
    // the channel closed under us: the exit event follows
  }
}
