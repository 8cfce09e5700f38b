/**
 * Process plumbing for the demo: free ports, waiting for a server, and
 * stopping a whole process tree by PID (a manager, the app it runs, and the
 * app's replacements), never by name.
 */
import { spawnSync } from 'node:child_process';
import * as http from 'node:http';

export { freePort } from '../../shared/processes';

export interface GetResult {
  status: number | null;
  body: string;
  /** The error code (ECONNRESET, ECONNREFUSED...) or 'timeout', when no response came. */
  error: string | null;
  /** When the outcome was known, in ms after the request was sent. */
  tookMs: number;
}

/**
 * One GET on a fresh connection; never rejects: a failure is a result.
 * `onSent` is called once the request is written to a connected socket (or
 * the attempt failed): from then on the server has it, or will.
 */
export function get(port: number, urlPath: string, timeoutMs = 3_000, onSent: () => void = () => undefined): Promise<GetResult> {
  const started = performance.now();
  const took = (): number => Math.round((performance.now() - started) * 10) / 10;
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: urlPath, agent: false, timeout: timeoutMs }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? null, body, error: null, tookMs: took() }));
      response.on('error', (error: NodeJS.ErrnoException) => resolve({ status: response.statusCode ?? null, body, error: error.code ?? error.message, tookMs: took() }));
    });
    request.on('finish', onSent); // the whole request went out, after the connection was made
    request.on('timeout', () => request.destroy(Object.assign(new Error('timeout'), { code: 'timeout' })));
    request.on('error', (error: NodeJS.ErrnoException) => {
      onSent();
      resolve({ status: null, body: '', error: error.code ?? error.message, tookMs: took() });
    });
  });
}

/**
 * Sends `count` GETs, each on its own connection, and resolves once all of
 * them are on their way: the requests "in flight" when whatever comes next
 * arrives. `results` settles when they are answered (or fail).
 */
export async function sendInFlight(port: number, urlPath: string, count: number, timeoutMs = 3_000): Promise<{ results: Promise<GetResult>[] }> {
  const sent: Promise<void>[] = [];
  const results = Array.from({ length: count }, () => {
    let markSent!: () => void;
    sent.push(new Promise<void>((resolve) => (markSent = resolve)));
    return get(port, urlPath, timeoutMs, () => markSent());
  });
  await Promise.all(sent);
  return { results };
}

/** Polls GET / until it answers 200, or throws after `timeoutMs`. */
export async function waitUntilServing(port: number, timeoutMs: number, describe: () => string = () => ''): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await get(port, '/', 1_000);
    if (result.status === 200) return;
    if (Date.now() > deadline) throw new Error(`nothing answered on 127.0.0.1:${port} within ${timeoutMs} ms ${describe()}`);
    await sleep(50);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

interface PsRow {
  pid: number;
  ppid: number;
  pgid: number;
}

/** The live processes (zombies, dead but not yet reaped by their parent, left out). */
function processTable(): PsRow[] {
  const ps = spawnSync('ps', ['-A', '-o', 'pid=,ppid=,pgid=,stat='], { encoding: 'utf8' });
  const rows: PsRow[] = [];
  for (const line of ps.stdout.split('\n')) {
    const [pid, ppid, pgid, stat] = line.trim().split(/\s+/);
    if (stat === undefined || stat.startsWith('Z')) continue;
    rows.push({ pid: Number(pid), ppid: Number(ppid), pgid: Number(pgid) });
  }
  return rows;
}

/**
 * `root` and every process below it, plus every member of the process groups
 * given: the processes to stop. Read it before stopping anything: once a
 * parent dies, its children are re-parented and no longer look like ours.
 */
export function processTree(root: number, groups: number[] = []): number[] {
  const table = processTable();
  const found = new Set<number>([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const row of table) {
      if (!found.has(row.pid) && (found.has(row.ppid) || groups.includes(row.pgid))) {
        found.add(row.pid);
        grew = true;
      }
    }
  }
  return [...found].filter((pid) => table.some((row) => row.pid === pid));
}

/** The PIDs among `pids` that are still running. */
export function stillRunning(pids: number[]): number[] {
  const live = new Set(processTable().map((row) => row.pid));
  return pids.filter((pid) => live.has(pid));
}

/** SIGKILLs each PID (and each group given), then waits until they are gone. */
export async function killAll(pids: number[], groups: number[] = []): Promise<void> {
  for (const group of groups) {
    try {
      process.kill(-group, 'SIGKILL');
    } catch {
      // the group is empty already
    }
  }
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
  const deadline = Date.now() + 5_000;
  while (stillRunning(pids).length > 0 && Date.now() < deadline) await sleep(50);
}
