/**
 * The live file of a log, opened for reading together with the archives that
 * are older than it. Rotation renames the live file to an archive and opens a
 * new one at any moment; listing the archives before and after the open and
 * retrying until no rotation came in between pins down which archives
 * precede the file we hold, so that nothing is read twice or skipped.
 */
import type { FileHandle } from 'node:fs/promises';
import * as fsp from 'node:fs/promises';
import { listArchives, type LogArchive } from './archive-list';

/** Past this many rotations during one open (a log rotating every few ms), go on with what we have. */
const MAX_OPEN_ATTEMPTS = 20;

export interface LiveLog {
  /** The live file, or null if there is none (yet). */
  handle: FileHandle | null;
  /** Identity of the open file, to notice when the path names another one (-1 without a file). */
  dev: number;
  ino: number;
  /** The archives there when the file was opened, oldest first: all older than it. */
  archives: LogArchive[];
  /** Their timestamps, including any deleted meanwhile: an archive with another timestamp came later. */
  known: Set<number>;
}

export async function openLiveLog(filePath: string): Promise<LiveLog> {
  for (let attempt = 1; ; attempt += 1) {
    const before = await listArchives(filePath);
    const handle = await openIfThere(filePath);
    const after = await listArchives(filePath);
    const known = new Set(before.map((archive) => archive.timestamp));
    const rotatedMeanwhile = after.some((archive) => !known.has(archive.timestamp));
    if (!rotatedMeanwhile || attempt === MAX_OPEN_ATTEMPTS) {
      for (const archive of after) known.add(archive.timestamp);
      if (handle === null) return { handle, dev: -1, ino: -1, archives: after, known };
      try {
        const stats = await handle.stat();
        return { handle, dev: stats.dev, ino: stats.ino, archives: after, known };
      } catch (error) {
        await handle.close().catch(() => undefined);
        throw error;
      }
    }
    await handle?.close();
  }
}

async function openIfThere(filePath: string): Promise<FileHandle | null> {
  try {
    return await fsp.open(filePath, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw error;
  }
}
