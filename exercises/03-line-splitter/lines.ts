/**
 * Exercise 03: turn a stream of bytes, cut anywhere, into a stream of lines;
 * then use it in a pipeline with gzip. Read README.md for the details.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

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
    // TODO: refuse a maxLineLength that is not a whole number of 1 or more (RangeError).
    this.maxLineLength = options.maxLineLength ?? 1_048_576;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    // TODO: push every line this chunk completes, keep the rest in this.partial, then call callback().
    callback(new Error(`TODO: LineSplitter._transform got ${chunk.length} bytes and does not split them yet (partial so far: ${this.partial.length} characters)`));
  }

  override _flush(callback: TransformCallback): void {
    // TODO: push the last line if the input did not end with a newline.
    callback(new Error(`TODO: LineSplitter._flush is not written yet (${this.decoder.end().length} characters left)`));
  }
}

/**
 * Reads the gzipped text file `input`, keeps the lines for which `keep(line)`
 * is true, and writes them, each followed by '\n', gzipped, to `output`.
 * Resolves with the number of lines kept. On any failure it rejects and
 * leaves `output` as it was before the call.
 */
export async function filterGzipLines(input: string, output: string, keep: (line: string) => boolean): Promise<number> {
  // TODO: one pipeline(): read stream, gunzip, LineSplitter, a filter, gzip, write stream.
  throw new Error(`TODO: filterGzipLines(${input}, ${output}, ${keep.name || 'keep'}) is not written yet`);
}
