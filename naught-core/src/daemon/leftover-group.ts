/**
 * The leftovers of a daemon that died without stopping its workers (SIGKILL,
 * the OOM killer). A worker already told 'shutdown' has lost its cluster
 * channel, so it does not exit with its master; one that also ignores SIGTERM
 * would live on forever. They are found by process group, never by name:
 * the detached daemon is a session and process group leader (spawn's
 * `detached` calls setsid), so its workers' pgid is the daemon's pid, and
 * Linux hands out no pid while it is still in use as a process group id. So
 * once the daemon is dead, whatever still has pgid == its pid is what is left
 * of its group. A group whose leader is alive, and our own group, are never
 * touched; each member's pgid is read again right before each signal.
 * Without /proc (not Linux) nothing is found and nothing is killed.
 */
import * as fs from 'node:fs';

/** How long the leftovers get to end on SIGTERM before they get SIGKILL. */
export const LEFTOVER_GRACE_MS = 2_000;
/** How long members already on their way out get before the SIGTERM. */
const SETTLE_MS = 500;
const POLL_MS = 50;
/** SIGKILL rounds: a member may fork between the scan and the signal. */
const KILL_ROUNDS = 20;

interface ProcStat {
  state: string;
  ppid: number;
  pgid: number;
}

/** /proc/PID/stat's state, ppid and pgid (the fields after the command name, which may hold spaces or parentheses). */
function procStat(pid: number | 'self'): ProcStat | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state = '', ppid = '', pgid = ''] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state, ppid: Number(ppid), pgid: Number(pgid) };
  } catch {
    return null;
  }
}

/** Running, sleeping, stopped: anything but gone or a zombie (a zombie has exited; only its parent's wait is missing). */
function isRunning(stat: ProcStat | null): stat is ProcStat {
  return stat !== null && stat.state !== 'Z' && stat.state !== 'X';
}

/** This process and its ancestors: never signalled, whatever their group. */
function selfAndAncestors(): Set<number> {
  const chain = new Set<number>([process.pid]);
  for (let pid = procStat('self')?.ppid ?? 0; pid > 1 && !chain.has(pid); pid = procStat(pid)?.ppid ?? 0) chain.add(pid);
  return chain;
}

/** Whether any process (zombies included) is in group `pgid`: signal 0 to the group delivers nothing, it only asks. */
function groupExists(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The live members of process group `pgid`, this process and its ancestors left out. */
export function groupMembers(pgid: number): number[] {
  // Most of the time the group is empty: one system call instead of reading every process's stat.
  if (!Number.isSafeInteger(pgid) || pgid <= 1 || !groupExists(pgid)) return [];
  const spared = selfAndAncestors();
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return [];
  }
  return entries
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => !spared.has(pid) && isMember(pid, pgid));
}

function isMember(pid: number, pgid: number): boolean {
  const stat = procStat(pid);
  return isRunning(stat) && stat.pgid === pgid;
}

/**
 * Whether the group of `leader` may be ended: the leader is dead (gone, or a
 * zombie), and the group is not ours. A live leader, whoever it is now (the
 * daemon, or a process that got its pid after the group emptied), keeps its
 * group untouched.
 */
export function isLeftoverGroup(leader: number): boolean {
  if (!Number.isSafeInteger(leader) || leader <= 1 || leader === process.pid) return false;
  const own = procStat('self');
  if (own === null || own.pgid === leader) return false;
  return !isRunning(procStat(leader));
}

/** Signals `pid` if it is still a member of `pgid` at this very moment (false if not); a refused signal shows later as a survivor. */
function signalMember(pid: number, pgid: number, signal: NodeJS.Signals): boolean {
  if (!isMember(pid, pgid)) return false;
  try {
    process.kill(pid, signal);
  } catch {
    // gone meanwhile (ESRCH), or not ours to signal (EPERM)
  }
  return true;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntilEmpty(pgid: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (groupMembers(pgid).length > 0 && Date.now() < deadline) await sleep(POLL_MS);
}

export interface LeftoverEnd {
  pid: number;
  /** The last signal it was sent. */
  signal: 'SIGTERM' | 'SIGKILL';
  /** Still running at the end (the signal was refused: EPERM). */
  survived: boolean;
}

/**
 * Ends what is left of the group of dead leader `leader`: members already on
 * their way out (workers that lost their master exit by themselves) get a
 * moment, the others SIGTERM, then after `graceMs` SIGKILL. Returns one entry
 * per member signalled ([] when there was none, or the group may not be touched).
 */
export async function endLeftoverGroup(leader: number, graceMs = LEFTOVER_GRACE_MS): Promise<LeftoverEnd[]> {
  if (!isLeftoverGroup(leader) || groupMembers(leader).length === 0) return [];
  await waitUntilEmpty(leader, SETTLE_MS);
  const signalled = new Map<number, LeftoverEnd>();
  const send = (pid: number, signal: LeftoverEnd['signal']): void => {
    if (signalMember(pid, leader, signal)) signalled.set(pid, { pid, signal, survived: false });
  };
  for (const pid of groupMembers(leader)) send(pid, 'SIGTERM');
  if (signalled.size === 0) return [];
  await waitUntilEmpty(leader, graceMs);
  for (let round = 0; round < KILL_ROUNDS; round += 1) {
    const left = groupMembers(leader);
    if (left.length === 0) break;
    for (const pid of left) send(pid, 'SIGKILL');
    await waitUntilEmpty(leader, 5 * POLL_MS);
  }
  for (const pid of groupMembers(leader)) {
    const entry = signalled.get(pid);
    if (entry !== undefined) entry.survived = true;
  }
  return [...signalled.values()].sort((a, b) => a.pid - b.pid);
}

/** The naught log's line for what endLeftoverGroup did, e.g. `leftovers of dead daemon 41 ended: 52 (SIGTERM), 53 (SIGKILL)`. */
export function describeLeftoverEnd(leader: number, ended: readonly LeftoverEnd[]): string {
  const parts = ended.map(({ pid, signal, survived }) => `${pid} (${survived ? `still running after ${signal}` : signal})`);
  return `leftovers of dead daemon ${leader} ended: ${parts.join(', ')}`;
}
