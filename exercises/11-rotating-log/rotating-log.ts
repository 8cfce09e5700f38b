/**
 * Exercise 11: a log file, as a Writable stream, that rotates by size without
 * ever splitting a line. Read README.md first; `make exercise 11` checks your work.
 */
import * as path from 'node:path';
import { Writable } from 'node:stream';

export interface RotatingLogOptions {
  /** The live log file, for example /var/log/app/app.log. */
  path: string;
  /** No file grows beyond this many bytes, unless it holds one single line longer than that. */
  maxBytes: number;
}

/**
 * The name of the n-th archive (n = 1, 2, 3... in the order they were made):
 * `dir/app.log` gives `dir/app-1.log`, `dir/app-2.log`... (already written for you).
 */
export function archivePath(logPath: string, n: number): string {
  const extension = path.extname(logPath);
  return path.join(path.dirname(logPath), `${path.basename(logPath, extension)}-${n}${extension}`);
}

class RotatingLogStream extends Writable {
  constructor(readonly options: RotatingLogOptions) {
    super();
    // TODO: the state you need: the open file, its size so far, the bytes of a line that has not ended yet,
    // and how many archives you made.
  }

  // TODO: open the file before the first write: Writable calls _construct(callback) once, before any _write.

  _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    // TODO: split the chunk into lines (keep the unfinished end for the next chunk), rotate before a line that
    // would take the file over maxBytes, append the lines, then call callback() (or callback(error)).
    callback(new Error(`TODO: _write() is not written yet (got ${chunk.length} bytes)`));
  }

  // TODO: _final(callback): runs after end(), before 'finish'. Write the last line even without a newline,
  // close the file, then call callback().

  // TODO: _destroy(error, callback): runs when the stream is destroyed (after an error, too): close the file if it is open.
}

/**
 * A Writable that appends everything written to it to `options.path`, and
 * rotates the file to the next archivePath() before a line that would not fit.
 * Throws a RangeError at once if maxBytes is not a positive whole number.
 */
export function createRotatingLog(options: RotatingLogOptions): Writable {
  // TODO: check maxBytes.
  return new RotatingLogStream(options);
}
