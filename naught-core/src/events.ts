/**
 * The event vocabulary shared by the master, the daemon, the ipc client and the
 * CLI. An event always carries the four counts *after* the change it reports,
 * and what the master is waiting for. The wire shape is naught 1.6.0's
 * (`{event, waitingFor, count}`), so a parent that forks the foreground CLI
 * receives exactly the objects it did from 1.6.0.
 */

export interface WorkerCounts {
  booting: number;
  online: number;
  dying: number;
  new_online: number;
}

/** `null` when idle; `'new'`/`'old'` during a boot or deploy; `'shutdown'` during a stop. */
export type WaitingFor = null | 'new' | 'old' | 'shutdown';

/** Events the master broadcasts to every subscribed client. */
export type BroadcastEventName =
  | 'Bootup'
  | 'SpawnNew'
  | 'NewOnline'
  | 'NewDeath'
  | 'DestroyNew'
  | 'NewDestroyed'
  | 'ShutdownOld'
  | 'OldExit'
  | 'DestroyOld'
  | 'Timeout'
  | 'DeployFailed'
  | 'Ready'
  | 'WorkerOffline'
  | 'WorkerOnline'
  | 'WorkerDeath'
  | 'Shutdown';

/** Events that answer one client's request and go to that client only. */
export type ReplyEventName =
  | 'Status'
  | 'ErrorDeployInProgress'
  | 'ErrorNoDeployInProgress'
  | 'ErrorShuttingDown'
  | 'AlreadyShuttingDown'
  | 'UnrecognizedMessage';

export type EventName = BroadcastEventName | ReplyEventName;

export interface NaughtEvent {
  event: EventName;
  waitingFor: WaitingFor;
  count: WorkerCounts;
}

export const ZERO_COUNTS: Readonly<WorkerCounts> = Object.freeze({ booting: 0, online: 0, dying: 0, new_online: 0 });

export function formatCounts(count: WorkerCounts): string {
  return `booting: ${count.booting}, online: ${count.online}, dying: ${count.dying}, new_online: ${count.new_online}`;
}

/** The one place an event becomes the line the CLI prints and the naught log stores. */
export function formatEventLine(event: Pick<NaughtEvent, 'event' | 'count'>): string {
  return `${event.event}. ${formatCounts(event.count)}`;
}

/**
 * The status text printed by `naught status` and by `naught start` (with a
 * trailing newline). naught 1.6.0 read a misspelt field here and never said
 * "deploy in progress" or "shutting down"; this reads the real one.
 */
export function formatStatusText(event: Pick<NaughtEvent, 'waitingFor' | 'count'>): string {
  const { count, waitingFor } = event;
  if (count.booting > 0) return `booting\n${formatCounts(count)}\n`;
  if (waitingFor === 'shutdown') return `shutting down\n${formatCounts(count)}\n`;
  if (waitingFor !== null) return `deploy in progress\n${formatCounts(count)}\n`;
  return `workers online: ${count.online}\n`;
}

const EVENT_NAMES: ReadonlySet<string> = new Set<EventName>([
  'Bootup', 'SpawnNew', 'NewOnline', 'NewDeath', 'DestroyNew', 'NewDestroyed', 'ShutdownOld', 'OldExit',
  'DestroyOld', 'Timeout', 'DeployFailed', 'Ready', 'WorkerOffline', 'WorkerOnline', 'WorkerDeath', 'Shutdown',
  'Status', 'ErrorDeployInProgress', 'ErrorNoDeployInProgress', 'ErrorShuttingDown', 'AlreadyShuttingDown',
  'UnrecognizedMessage',
]);

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** Checks an object received over the ipc socket before anyone trusts it. */
export function isNaughtEvent(value: unknown): value is NaughtEvent {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  if (typeof candidate.event !== 'string' || !EVENT_NAMES.has(candidate.event)) return false;
  const waitingFor = candidate.waitingFor;
  if (!(waitingFor === null || waitingFor === 'new' || waitingFor === 'old' || waitingFor === 'shutdown')) return false;
  const count = candidate.count as Record<string, unknown> | null | undefined;
  if (typeof count !== 'object' || count === null) return false;
  return isCount(count.booting) && isCount(count.online) && isCount(count.dying) && isCount(count.new_online);
}
