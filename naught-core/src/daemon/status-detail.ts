/**
 * The daemon's answer to NaughtStatusDetail: the master's view of its
 * workers, with each process's memory, and the daemon's own configuration
 * (where its logs are, for `naught logs`).
 */
import { packageVersion } from '../cli/version';
import type { NaughtEvent } from '../events';
import type { MasterView } from '../master/worker-view';
import type { StatusDetail } from '../status-detail';
import type { DaemonConfig } from './config';
import { readRssBytes } from './process-memory';

const iso = (ms: number): string => new Date(ms).toISOString();
const secondsBetween = (from: number, to: number): number => Math.max(0, Math.round(to - from) / 1000);

export async function buildStatusDetail(status: NaughtEvent, view: MasterView, config: DaemonConfig, now = Date.now()): Promise<StatusDetail> {
  const daemonRss = process.memoryUsage.rss();
  const daemonStartedAt = now - process.uptime() * 1000;
  const workerRss = await Promise.all(view.workers.map((worker) => (worker.pid === null ? null : readRssBytes(worker.pid))));
  return {
    event: 'StatusDetail',
    version: packageVersion(),
    waitingFor: status.waitingFor,
    count: status.count,
    operation: view.operation,
    deployInProgress: view.operation === 'deploy',
    deployPhase: view.deployPhase,
    deployAborting: view.deployAborting,
    stopInProgress: view.operation === 'stop',
    daemon: { pid: process.pid, rssBytes: daemonRss, startedAt: iso(daemonStartedAt), uptimeSeconds: secondsBetween(daemonStartedAt, now), foreground: config.foreground },
    // The master is this very process (see daemon.ts): the same pid and memory, said plainly.
    master: { pid: process.pid, rssBytes: daemonRss, sameProcessAsDaemon: true },
    workerCount: view.workerCount,
    workers: view.workers.map((worker, i) => ({
      index: worker.index,
      pid: worker.pid,
      state: worker.state,
      startedAt: iso(worker.startedAt),
      onlineAt: worker.onlineAt === null ? null : iso(worker.onlineAt),
      uptimeSeconds: secondsBetween(worker.startedAt, now),
      restarts: worker.restarts,
      rssBytes: workerRss[i] ?? null,
    })),
    pendingRestarts: view.pendingRestarts.map((pending) => ({ index: pending.index, dueAt: iso(pending.dueAt), restarts: pending.restarts })),
    script: config.script,
    cwd: view.cwd,
    files: { ipcFile: config.ipcFile, pidFile: config.pidFile, log: config.log, stdout: config.stdout, stderr: config.stderr },
    logOptions: { maxLogSize: config.maxLogSize, maxLogFiles: config.maxLogFiles, logTimestamps: config.logTimestamps },
  };
}
