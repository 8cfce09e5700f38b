/**
 * Exercise 11, a reference solution: a size-rotating log as a Writable stream.
 *
 * Writable does the stream's bookkeeping (buffering, backpressure, 'drain',
 * 'finish', 'close', errors): we only fill in its hooks. _construct opens the
 * file, _write turns chunks into whole lines and appends them, rotating first
 * when a line would not fit, _final writes what is left and closes the file,
 * _destroy closes it after an error.
 */
import type { FileHandle } from 'node:fs/promises';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { Writable } from 'node:stream';

export interface RotatingLogOptions {
  path: string;
  maxBytes: number;
}

export function archivePath(logPath: string, n: number): string {
  const extension = path.extname(logPath);
  return path.join(path.dirname(logPath), `${path.basename(logPath, extension)}-${n}${extension}`);
}

const NEWLINE = 0x0a;

/** Calls a Writable hook's callback once `work` has settled. */
function settle(work: Promise<void>, callback: (error?: Error | null) => void): void {
  work.then(
    () => callback(),
    (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
  );
}

class RotatingLogStream extends Writable {
  private file: FileHandle | null = null;
  /** Bytes in the live file. */
  private size = 0;
  /** The start of a line whose newline has not arrived yet: it is written only once it is whole. */
  private unfinished: Buffer[] = [];
  private archives = 0;

  constructor(readonly options: RotatingLogOptions) {
    super();
  }

  // Before any _write: an unopenable path becomes an 'error' event, not a throw.
  _construct(callback: (error?: Error | null) => void): void {
    settle(this.open(), callback);
  }

  _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    settle(this.append(this.completeLines(chunk)), callback);
  }

  _final(callback: (error?: Error | null) => void): void {
    // A last line without its newline is still a line: write it as it is.
    const last = Buffer.concat(this.unfinished);
    this.unfinished = [];
    settle(
      this.append(last.length > 0 ? [last] : []).then(() => this.close()),
      callback,
    );
  }

  _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.close().then(
      () => callback(error),
      () => callback(error),
    );
  }

  /** The whole lines that this chunk completes; keeps its unfinished end for the next one. */
  private completeLines(chunk: Buffer): Buffer[] {
    const lines: Buffer[] = [];
    let start = 0;
    for (let newline = chunk.indexOf(NEWLINE); newline !== -1; newline = chunk.indexOf(NEWLINE, start)) {
      lines.push(Buffer.concat([...this.unfinished, chunk.subarray(start, newline + 1)]));
      this.unfinished = [];
      start = newline + 1;
    }
    if (start < chunk.length) this.unfinished.push(chunk.subarray(start));
    return lines;
  }

  /** Appends lines, as few writes as possible, rotating before the first line that does not fit. */
  private async append(lines: Buffer[]): Promise<void> {
    let batch: Buffer[] = [];
    let batchBytes = 0;
    for (const line of lines) {
      const used = this.size + batchBytes;
      // An empty file takes any line, even one longer than maxBytes: the line stays whole, alone in its file.
      if (used > 0 && used + line.length > this.options.maxBytes) {
        await this.writeOut(batch, batchBytes);
        batch = [];
        batchBytes = 0;
        await this.rotate();
      }
      batch.push(line);
      batchBytes += line.length;
    }
    await this.writeOut(batch, batchBytes);
  }

  private async writeOut(batch: Buffer[], bytes: number): Promise<void> {
    if (bytes === 0) return;
    // FileHandle#appendFile writes everything, looping over short writes.
    await this.openFile().appendFile(Buffer.concat(batch, bytes));
    this.size += bytes;
  }

  /** The full file becomes the next archive; a new, empty file takes its place. */
  private async rotate(): Promise<void> {
    await this.close();
    this.archives += 1;
    await fsp.rename(this.options.path, archivePath(this.options.path, this.archives));
    await this.open();
  }

  private async open(): Promise<void> {
    // 'a': append, and create the file if it is missing.
    this.file = await fsp.open(this.options.path, 'a');
    this.size = (await this.file.stat()).size;
  }

  private openFile(): FileHandle {
    if (this.file === null) throw new Error(`${this.options.path} is not open`);
    return this.file;
  }

  private async close(): Promise<void> {
    const file = this.file;
    this.file = null;
    await file?.close();
  }
}

export function createRotatingLog(options: RotatingLogOptions): Writable {
  if (!Number.isSafeInteger(options.maxBytes) || options.maxBytes <= 0) {
    throw new RangeError(`maxBytes must be a positive whole number of bytes, got ${String(options.maxBytes)}`);
  }
  return new RotatingLogStream(options);
}
