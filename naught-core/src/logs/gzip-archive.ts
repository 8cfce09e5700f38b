/** Compresses one rotated log file in the background and removes the uncompressed copy. */
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import * as zlib from 'node:zlib';

/**
 * Gzips `archivePath` to `archivePath.gz`, then deletes `archivePath`. The
 * uncompressed file is deleted only once the .gz is complete and synced to
 * disk, so a failure or a crash never loses the archive. Resolves to the .gz path.
 */
export async function gzipArchive(archivePath: string): Promise<string> {
  const gzPath = `${archivePath}.gz`;
  try {
    await pipeline(
      fs.createReadStream(archivePath),
      zlib.createGzip(),
      // 'wx': never overwrite a .gz we did not start; flush: fsync before close.
      fs.createWriteStream(gzPath, { flags: 'wx', flush: true }),
    );
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    // A half-written .gz would look like a good archive; the uncompressed one stays.
    if (!(err.code === 'EEXIST' && err.path === gzPath)) await fsp.rm(gzPath, { force: true }).catch(() => undefined);
    throw error;
  }
  await fsp.unlink(archivePath);
  return gzPath;
}
