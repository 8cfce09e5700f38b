/**
 * Exercise 03, reference solution: bytes cut anywhere in, whole lines out;
 * and a gzip-to-gzip line filter built from one pipeline().
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, createGzip } from 'node:zlib';

export interface LineSplitterOptions {
  /** The longest line accepted, in characters (without its line ending). Default: 1 048 576. */
  maxLineLength?: number;
}

/**
 * Bytes in, lines out: each chunk it pushes is one line, a string without its
 * '\n' (or '\r\n'). Its readable side is in object mode.
 */
export class LineSplitter extends Transform {
  readonly maxLineLength: number;
  /** Turns bytes into text without cutting a character whose bytes arrive in two chunks. */
  private readonly decoder = new StringDecoder('utf8');
  /** The text after the last '\n' seen so far: the start of a line that is not finished yet. */
  private partial = '';

  constructor(options: LineSplitterOptions = {}) {
    super({ readableObjectMode: true });
    const maxLineLength = options.maxLineLength ?? 1_048_576;
    if (!Number.isSafeInteger(maxLineLength) || maxLineLength < 1) {
      throw new RangeError(`maxLineLength must be a whole number of 1 or more, not ${maxLineLength}`);
    }
    this.maxLineLength = maxLineLength;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const lines = (this.partial + this.decoder.write(chunk)).split('\n');
    this.partial = lines.pop() ?? '';
    try {
      for (const line of lines) this.push(this.finish(line));
      // Check the unfinished line as it grows: a file with no newline at all
      // must not be gathered into memory whole before we complain (+1: room for a '\r').
      if (this.partial.length > this.maxLineLength + 1) throw this.tooLong();
    } catch (error) {
      callback(error as Error);
      return;
    }
    // Calling back only now is the backpressure: the Transform asks for the next
    // chunk once the lines pushed so far have room in its readable buffer.
    callback();
  }

  override _flush(callback: TransformCallback): void {
    const rest = this.partial + this.decoder.end();
    this.partial = '';
    try {
      // '' means the input ended with '\n' (or was empty): there is no last line.
      if (rest !== '') this.push(this.finish(rest));
    } catch (error) {
      callback(error as Error);
      return;
    }
    callback();
  }

  /** A complete line, without a '\r' before its '\n'; throws when it is too long. */
  private finish(line: string): string {
    const text = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (text.length > this.maxLineLength) throw this.tooLong();
    return text;
  }

  private tooLong(): RangeError {
    return new RangeError(`a line is longer than ${this.maxLineLength} characters`);
  }
}

/**
 * Reads the gzipped text file `input`, keeps the lines for which `keep(line)`
 * is true, and writes them, each followed by '\n', gzipped, to `output`.
 * Resolves with the number of lines kept. On any failure it rejects and
 * leaves `output` as it was before the call.
 */
export async function filterGzipLines(input: string, output: string, keep: (line: string) => boolean): Promise<number> {
  // Write next to the output, then rename: a rename within one folder is atomic, so
  // readers see the old file or the complete new one, never half of it.
  const temporary = path.join(path.dirname(output), `.${path.basename(output)}.${randomUUID()}.tmp`);
  let kept = 0;
  try {
    await pipeline(
      fs.createReadStream(input),
      createGunzip(),
      new LineSplitter(),
      // A generator stage: pipeline pulls lines from it only as fast as gzip and the file take them.
      async function* (lines: AsyncIterable<string>) {
        for await (const line of lines) {
          if (keep(line)) {
            kept += 1;
            yield `${line}\n`;
          }
        }
      },
      createGzip(),
      fs.createWriteStream(temporary, { flags: 'wx' }),
    );
    await fs.promises.rename(temporary, output);
  } catch (error) {
    // pipeline has destroyed (and closed) every stream by now; remove the half-written file.
    await fs.promises.rm(temporary, { force: true });
    throw error;
  }
  return kept;
}
