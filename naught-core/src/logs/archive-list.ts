/**
 * The rotated files of one log, oldest first. A rotation leaves
 * `base-<ms>.ext`, which becomes `base-<ms>.ext.gz` once gzipped; for a
 * moment (and for good if the gzip failed) the uncompressed file is there,
 * alone or next to a .gz still being written. Both forms of one rotation are
 * one archive.
 */
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { formatArchiveName, parseArchiveName } from './archive-name';

export interface LogArchive {
  /** Milliseconds since 1970 in the name: archives sort by it in the order they were written. */
  timestamp: number;
  /** The uncompressed name (`base-<ms>.ext`), whether or not that file is still there. */
  plainPath: string;
  /** `plainPath + '.gz'`. */
  gzPath: string;
  /** The uncompressed file was there when the directory was read: the gzip is pending, running or failed. */
  hasPlain: boolean;
  hasGz: boolean;
}

/** Lists `filePath`'s archives in its directory, oldest first; none if the directory does not exist. */
export async function listArchives(filePath: string): Promise<LogArchive[]> {
  let names: string[];
  try {
    names = await fsp.readdir(path.dirname(filePath));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw error;
  }
  const byTimestamp = new Map<number, LogArchive>();
  for (const name of names) {
    const parsed = parseArchiveName(filePath, name);
    if (parsed === null) continue;
    let archive = byTimestamp.get(parsed.timestamp);
    if (archive === undefined) {
      const plainPath = formatArchiveName(filePath, parsed.timestamp);
      archive = { timestamp: parsed.timestamp, plainPath, gzPath: `${plainPath}.gz`, hasPlain: false, hasGz: false };
      byTimestamp.set(parsed.timestamp, archive);
    }
    if (parsed.gzipped) archive.hasGz = true;
    else archive.hasPlain = true;
  }
  return [...byTimestamp.values()].sort((a, b) => a.timestamp - b.timestamp);
}
