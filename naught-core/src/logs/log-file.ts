/** Opening the live file of a log: the same steps at start, after a rotation and after a failure. */
import type { FileHandle } from 'node:fs/promises';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';

export interface OpenLogFile {
  handle: FileHandle;
  /** Bytes already in the file: an existing log keeps growing towards its limit. */
  size: number;
  /** Identity of the file, to tell whether the path still names it after a failed rename. */
  dev: number;
  ino: number;
}

/** Creates missing parent directories and opens `filePath` for appending. Rejects with the fs error. */
export async function openLogFile(filePath: string): Promise<OpenLogFile> {
  await fsp.mkdir(path.dirname(filePath), { recursive: true });
  const handle = await fsp.open(filePath, 'a');
  try {
    // fstat, not stat: the size of the file we opened, whatever the path names by now.
    const stats = await handle.stat();
    return { handle, size: stats.size, dev: stats.dev, ino: stats.ino };
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
}
