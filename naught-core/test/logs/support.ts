/** Temporary directories and reading back a rotated log series, for the logs tests. */
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';

export async function makeTempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'naught-logs-'));
}

export async function removeTempDir(dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true });
}

export interface LogSeries {
  /** Names (not paths) of the .gz archives, sorted by name. */
  archives: string[];
  /** Uncompressed content of each archive, in the same order. */
  archiveContents: Buffer[];
  /** The live file's content (empty if it does not exist). */
  live: Buffer;
  /** Every archive in name order, then the live file. */
  all: Buffer;
  /** Everything in the directory, for checking what is left over. */
  entries: string[];
}

/** Reads `dir/<base><ext>` and its archives `dir/<base>-<ms><ext>.gz`. */
export async function readLogSeries(filePath: string): Promise<LogSeries> {
  const dir = path.dirname(filePath);
  const extension = path.extname(filePath);
  const base = path.basename(filePath, extension);
  const entries = (await fs.readdir(dir)).sort();
  const archives = entries.filter((name) => name.startsWith(`${base}-`) && name.endsWith('.gz'));
  const archiveContents = await Promise.all(archives.map(async (name) => gunzipSync(await fs.readFile(path.join(dir, name)))));
  let live = Buffer.alloc(0);
  try {
    live = await fs.readFile(filePath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return { archives, archiveContents, live, all: Buffer.concat([...archiveContents, live]), entries };
}

/** A deterministic pseudo-random generator (mulberry32), so a failing run can be repeated. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
