/**
 * What a running daemon keeps on its heap, counted from outside: the daemon
 * is started with `--heapsnapshot-signal=SIGUSR2` (NODE_OPTIONS, which the
 * CLI passes on), SIGUSR2 makes it write a snapshot (after a full GC, so only
 * what is still reachable is in it), and the snapshot's objects are counted
 * by constructor name.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sleep } from '../helpers/naught';

/** The NODE_OPTIONS that make a daemon write a heap snapshot into `dir` on SIGUSR2. */
export function heapSnapshotOptions(dir: string): string {
  return `--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${dir}`;
}

/** The parts of the .heapsnapshot format that counting needs. */
interface HeapSnapshotFile {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/** Signals `pid` to write a snapshot into `dir` and waits until the new file is complete; returns its path. */
export async function takeHeapSnapshot(pid: number, dir: string, timeoutMs = 60_000): Promise<string> {
  const before = new Set(fs.readdirSync(dir));
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    await sleep(200);
    const written = fs.readdirSync(dir).find((name) => name.endsWith('.heapsnapshot') && !before.has(name));
    // The file appears at once and grows while V8 writes it: it is done when it parses.
    if (written !== undefined && parses(path.join(dir, written))) return path.join(dir, written);
  }
  throw new Error(`no complete heap snapshot of ${pid} in ${dir} after ${timeoutMs} ms`);
}

function parses(file: string): boolean {
  try {
    JSON.parse(fs.readFileSync(file, 'utf8'));
    return true;
  } catch {
    return false;
  }
}

/** How many objects in the snapshot have each of the constructor names asked for. */
export function countObjects(snapshotFile: string, constructorNames: readonly string[]): Record<string, number> {
  const snapshot = JSON.parse(fs.readFileSync(snapshotFile, 'utf8')) as HeapSnapshotFile;
  const fields = snapshot.snapshot.meta.node_fields;
  const typeNames = snapshot.snapshot.meta.node_types[0];
  const typeField = fields.indexOf('type');
  const nameField = fields.indexOf('name');
  const counts: Record<string, number> = Object.fromEntries(constructorNames.map((name) => [name, 0]));
  for (let node = 0; node < snapshot.nodes.length; node += fields.length) {
    if (typeNames[snapshot.nodes[node + typeField]] !== 'object') continue;
    const name = snapshot.strings[snapshot.nodes[node + nameField]];
    if (name !== undefined && name in counts) counts[name] += 1;
  }
  return counts;
}
