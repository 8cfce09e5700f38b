/**
 * Reading one archive of a log, whichever form it is in by then: the
 * uncompressed file while its gzip is pending (or failed), else the .gz,
 * which is complete once the uncompressed file is gone (gzipArchive deletes
 * it only then).
 */
import type { FileHandle } from 'node:fs/promises';
import * as fsp from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import type { LogArchive } from './archive-list';

/**
 * Streams the archive's uncompressed bytes to `onChunk`, in order, awaiting
 * each call. Resolves to false if the archive is gone (deleted by
 * --max-log-files, or by hand) before it could be opened.
 */
export async function streamArchive(archive: LogArchive, onChunk: (chunk: Buffer) => void | Promise<void>): Promise<boolean> {
  const opened = await openArchive(archive);
  if (opened === null) return false;
  const source = opened.handle.createReadStream();
  const bytes = opened.gzipped ? source.pipe(createGunzip()) : source;
  // A broken .gz fails the gunzip; the read stream must not be left open behind it.
  bytes.once('error', () => source.destroy());
  try {
    for await (const chunk of bytes) await onChunk(chunk as Buffer);
  } finally {
    source.destroy();
    await opened.handle.close().catch(() => undefined);
  }
  return true;
}

async function openArchive(archive: LogArchive): Promise<{ handle: FileHandle; gzipped: boolean } | null> {
  // Uncompressed first: while both exist, the .gz may still be being written.
  for (const [file, gzipped] of [
    [archive.plainPath, false],
    [archive.gzPath, true],
  ] as const) {
    try {
      return { handle: await fsp.open(file, 'r'), gzipped };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return null;
}
