/**
 * Names of rotated log files, as naught 1.6.0 chose them: `dir/base.ext`
 * becomes `dir/base-<Date.now()>.ext` (path.extname semantics, so `b` gives
 * `b-<ms>` and `c.` gives `c-<ms>.`), later gzipped to `<that>.gz`.
 *
 * Unlike 1.6.0, two rotations in the same millisecond must not collide: the
 * timestamp is kept strictly increasing per log and a name already taken (by
 * the archive or its .gz) is skipped, so archives sort by name in write order.
 */
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';

export interface ArchiveName {
  archivePath: string;
  timestamp: number;
}

/** `dir/base.ext` + timestamp -> `dir/base-<timestamp>.ext`. */
export function formatArchiveName(filePath: string, timestamp: number): string {
  const extension = path.extname(filePath);
  const base = path.basename(filePath, extension);
  return path.join(path.dirname(filePath), `${base}-${timestamp}${extension}`);
}

/**
 * The timestamp in `name` if it is one of `filePath`'s archive names
 * (`base-<ms>.ext`, or that with `.gz`), else null. Timestamps are
 * milliseconds since 1970, 13 digits or more, so that another log named
 * `base-2.ext` is not taken for an archive.
 */
export function parseArchiveName(filePath: string, name: string): { timestamp: number; gzipped: boolean } | null {
  const extension = path.extname(filePath);
  const base = path.basename(filePath, extension);
  const pattern = new RegExp(`^${escapeRegExp(base)}-(\\d{13,})${escapeRegExp(extension)}(\\.gz)?$`);
  const match = pattern.exec(name);
  if (match === null) return null;
  return { timestamp: Number(match[1]), gzipped: match[2] !== undefined };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The clock's time, unless the clock has not moved past the last timestamp used (or went back). */
export function nextTimestamp(lastTimestamp: number, now: number): number {
  return Math.max(now, lastTimestamp + 1);
}

/** True if something (file, directory, dangling symlink) is at `filePath`. */
export async function pathExists(filePath: string): Promise<boolean> {
  try {
    await fsp.lstat(filePath);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    // Anything else (EACCES, EIO) would make us guess; let the rotation fail and say why.
    throw error;
  }
}

/**
 * Picks the archive name for the next rotation of `filePath`: a timestamp later
 * than `lastTimestamp`, skipping any whose archive or .gz already exists.
 */
export async function chooseArchiveName(
  filePath: string,
  lastTimestamp: number,
  now: number = Date.now(),
  exists: (candidate: string) => Promise<boolean> = pathExists,
): Promise<ArchiveName> {
  let timestamp = nextTimestamp(lastTimestamp, now);
  for (;;) {
    const archivePath = formatArchiveName(filePath, timestamp);
    if (!(await exists(archivePath)) && !(await exists(`${archivePath}.gz`))) return { archivePath, timestamp };
    timestamp += 1;
  }
}
