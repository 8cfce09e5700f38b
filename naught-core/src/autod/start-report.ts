/**
 * The readiness handshake: the spawned daemon's one message to the process
 * that spawned it, over the child's own IPC channel (spawn's 'ipc' stdio).
 * The original signalled readiness with SIGUSR2 to its parent, a signal the
 * whole process shares (nodemon uses it to restart its child), and one that
 * cannot say *which* daemon is ready or why one failed. A message on the
 * child's private channel can.
 */
import type { AutodStartFailure } from './errors';

export type StartReport =
  /** Listening on the socket, pid file written. */
  | { autod: 'ready'; pid: number }
  /** Another live daemon holds the socket path; connect to it. */
  | { autod: 'already-running' }
  | { autod: 'failed'; reason: AutodStartFailure; message: string };

const FAILURES: readonly AutodStartFailure[] = ['spawn-failed', 'exited', 'interface-failed', 'socket-occupied', 'daemon-failed', 'timeout'];

export function parseStartReport(value: unknown): StartReport | null {
  if (typeof value !== 'object' || value === null) return null;
  const report = value as Record<string, unknown>;
  switch (report.autod) {
    case 'ready':
      return typeof report.pid === 'number' ? { autod: 'ready', pid: report.pid } : null;
    case 'already-running':
      return { autod: 'already-running' };
    case 'failed':
      if (typeof report.message !== 'string' || !FAILURES.includes(report.reason as AutodStartFailure)) return null;
      return { autod: 'failed', reason: report.reason as AutodStartFailure, message: report.message };
    default:
      return null;
  }
}
