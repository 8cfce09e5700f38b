/**
 * `--max-log-files N`: keep the newest N archives of a log and delete the
 * older ones. Archives sort by the timestamp in their names, which is the
 * order they were written in.
 */
import * as fsp from 'node:fs/promises';
import { listArchives } from './archive-list';

/**
 * Deletes the oldest archives of `filePath` beyond the newest `keep`. An
 * archive for which `isBusy(plainPath)` holds (its gzip has not finished) is
 * never deleted; it still counts. Resolves to the deleted files' paths.
 */
export async function pruneArchives(filePath: string, keep: number, isBusy: (plainPath: string) => boolean): Promise<string[]> {
  const archives = await listArchives(filePath);
  const deleted: string[] = [];
  let excess = archives.length - keep;
  for (const archive of archives) {
    if (excess <= 0) break;
    if (isBusy(archive.plainPath)) continue;
    for (const [present, file] of [
      [archive.hasPlain, archive.plainPath],
      [archive.hasGz, archive.gzPath],
    ] as const) {
      if (!present) continue;
      try {
        await fsp.unlink(file);
        deleted.push(file);
      } catch (error) {
        // Someone else removed it first: the goal is reached all the same.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    excess -= 1;
  }
  return deleted;
}
