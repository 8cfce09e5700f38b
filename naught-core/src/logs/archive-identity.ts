/**
 * Whether an archive is a given file, renamed (and maybe gzipped since).
 * `naught logs -f` holds the live file open; after a rotation it must know
 * whether the first new archive is that file, which it has read already, or
 * whether that one was deleted (--max-log-files) and the archive is a later
 * file, which it has not.
 */
import * as fs from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as fsp from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import type { LogArchive } from './archive-list';

/** Bytes compared at the start of a gzipped archive. */
const HEAD_BYTES = 4096;

export interface HeldFile {
  handle: FileHandle;
  dev: number;
  ino: number;
  size: number;
}

export async function isArchiveOf(archive: LogArchive, file: HeldFile): Promise<boolean> {
  // Not gzipped yet: the rename kept the inode.
  try {
    const stats = await fsp.stat(archive.plainPath);
    return stats.dev === file.dev && stats.ino === file.ino;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  // Gzipped (complete, since the uncompressed file is gone): same length, same first bytes.
  let gz: FileHandle;
  try {
    gz = await fsp.open(archive.gzPath, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  try {
    const { size } = await gz.stat();
    if (size < 4) return false;
    // The gzip trailer ends with the uncompressed length modulo 2^32.
    const trailer = Buffer.alloc(4);
    await gz.read(trailer, 0, 4, size - 4);
    if (trailer.readUInt32LE(0) !== file.size % 2 ** 32) return false;
    const length = Math.min(HEAD_BYTES, file.size);
    const ours = Buffer.alloc(length);
    const { bytesRead } = await file.handle.read(ours, 0, length, 0);
    const theirs = await readGzipHead(archive.gzPath, length);
    return theirs.equals(ours.subarray(0, bytesRead));
  } finally {
    await gz.close();
  }
}

/** The first `length` uncompressed bytes of a .gz file (fewer if it is shorter or broken). */
async function readGzipHead(gzPath: string, length: number): Promise<Buffer> {
  const source = fs.createReadStream(gzPath);
  const gunzip = source.pipe(createGunzip());
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of gunzip) {
      chunks.push(chunk as Buffer);
      total += (chunk as Buffer).length;
      if (total >= length) break;
    }
  } catch {
    // a broken archive is simply not ours
  } finally {
    source.destroy();
    gunzip.destroy();
  }
  return Buffer.concat(chunks).subarray(0, length);
}
