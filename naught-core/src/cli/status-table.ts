/**
 * `naught status --workers`: the status text `naught status` prints, then
 * the daemon, the master, what is under way, and one row per worker.
 */
import { formatStatusText } from '../events';
import type { StatusDetail } from '../status-detail';

/** `45s`, `3m 05s`, `2h 03m`, `4d 02h`: two units at most, enough to read at a glance. */
export function formatDuration(seconds: number): string {
  const whole = Math.floor(seconds);
  const two = (n: number): string => String(n).padStart(2, '0');
  if (whole < 60) return `${whole}s`;
  if (whole < 3600) return `${Math.floor(whole / 60)}m ${two(whole % 60)}s`;
  if (whole < 86400) return `${Math.floor(whole / 3600)}h ${two(Math.floor(whole / 60) % 60)}m`;
  return `${Math.floor(whole / 86400)}d ${two(Math.floor(whole / 3600) % 24)}h`;
}

/** Binary units with one decimal (`48.2 MiB`), as `top` shows memory; `-` when unknown. */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return '-';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

function describeDeploy(detail: StatusDetail): string {
  if (!detail.deployInProgress) return 'none';
  if (detail.deployAborting) return 'being aborted';
  return detail.deployPhase === 'old' ? 'in progress: waiting for the old workers to exit' : 'in progress: waiting for the new workers to come online';
}

/** Left-aligned columns, two spaces apart; no trailing spaces. */
function formatColumns(rows: string[][]): string[] {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ').trimEnd());
}

export function formatStatusTable(detail: StatusDetail, now = Date.now()): string {
  const { daemon, master } = detail;
  const masterSays = master.sameProcessAsDaemon ? 'the daemon process: naught-core runs the cluster master inside the daemon' : 'a process of its own';
  const lines = [
    ...formatStatusText(detail).trimEnd().split('\n'),
    `daemon  pid ${daemon.pid}  rss ${formatBytes(daemon.rssBytes)}  uptime ${formatDuration(daemon.uptimeSeconds)}${daemon.foreground ? '  (foreground)' : ''}`,
    `master  pid ${master.pid}  rss ${formatBytes(master.rssBytes)}  (${masterSays})`,
    `deploy  ${describeDeploy(detail)}`,
    `stop    ${detail.stopInProgress ? 'in progress' : 'none'}`,
    '',
  ];
  const rows = [['index', 'pid', 'state', 'uptime', 'restarts', 'rss']];
  for (const worker of detail.workers) {
    rows.push([String(worker.index), String(worker.pid ?? '-'), worker.state, formatDuration(worker.uptimeSeconds), String(worker.restarts), formatBytes(worker.rssBytes)]);
  }
  for (const pending of detail.pendingRestarts) {
    const inSeconds = Math.max(0, (Date.parse(pending.dueAt) - now) / 1000);
    rows.push([String(pending.index), '-', `restarting in ${inSeconds.toFixed(1)}s`, '-', String(pending.restarts), '-']);
  }
  if (rows.length === 1) return `${[...lines, 'no workers'].join('\n')}\n`;
  return `${[...lines, ...formatColumns(rows)].join('\n')}\n`;
}
