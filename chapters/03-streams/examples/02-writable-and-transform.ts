/**
 * The two other kinds of stream you write yourself: a Writable (`_write` takes
 * one chunk and calls back when done, `_final` runs after the last one) and a
 * Transform (`_transform` turns input chunks into output with `push`, `_flush`
 * pushes whatever is left at the end).
 *
 * Run: npx tsx chapters/03-streams/examples/02-writable-and-transform.ts
 */
import { Readable, Transform, Writable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { CountStream } from './01-count-to-ten';

/**
 * Upper-cases text. The StringDecoder keeps the bytes of a character that a
 * chunk boundary cut in two until the rest arrives, so 'é' never turns into '��'.
 */
export class Uppercase extends Transform {
  private readonly decoder = new StringDecoder('utf8');

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    callback(null, this.decoder.write(chunk).toUpperCase());
  }

  override _flush(callback: TransformCallback): void {
    callback(null, this.decoder.end().toUpperCase());
  }
}

/**
 * Prefixes every line with its number. Chunks do not follow lines: a chunk may
 * hold half a line, or several. The incomplete end of a chunk waits in
 * `partial` for the next one; `_flush` numbers a last line that has no '\n'.
 */
export class LineNumbers extends Transform {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';
  private lineNumber = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const lines = (this.partial + this.decoder.write(chunk)).split('\n');
    this.partial = lines.pop() ?? ''; // the text after the last '\n' (often '')
    for (const line of lines) this.push(this.numbered(line));
    callback();
  }

  override _flush(callback: TransformCallback): void {
    const rest = this.partial + this.decoder.end();
    callback(null, rest === '' ? undefined : this.numbered(rest));
  }

  private numbered(line: string): string {
    this.lineNumber += 1;
    return `${String(this.lineNumber).padStart(3)} | ${line}\n`;
  }
}

/**
 * A Writable that hands each chunk to `print` and, at the end, one summary
 * line. `_write` must call `callback` once the chunk is dealt with: only then
 * does the stream give it the next one.
 */
export class Printer extends Writable {
  private chunks = 0;
  private bytes = 0;

  constructor(private readonly print: (text: string) => void = (text) => process.stdout.write(text)) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.chunks += 1;
    this.bytes += chunk.length;
    this.print(chunk.toString());
    callback();
  }

  /** Runs once, after the last _write and before 'finish'. */
  override _final(callback: (error?: Error | null) => void): void {
    this.print(`(Printer: ${this.chunks} chunks, ${this.bytes} bytes)\n`);
    callback();
  }
}

/**
 * A poem in chunks that cut lines in the middle, and one chunk that cuts the
 * two bytes of 'é' apart: what a file or a socket really hands you.
 */
export function poemInAwkwardChunks(): Readable {
  const text = Buffer.from('streams flow like water,\nbackpressure, the café dam;\nthe last line has no newline');
  const cut = text.indexOf('é') + 1; // between the two bytes of 'é' (0xc3 0xa9)
  return Readable.from([text.subarray(0, 10), text.subarray(10, cut), text.subarray(cut, 70), text.subarray(70)]);
}

async function main(): Promise<void> {
  console.log('== a poem in 4 awkward chunks -> Uppercase -> LineNumbers -> Printer');
  await pipeline(poemInAwkwardChunks(), new Uppercase(), new LineNumbers(), new Printer());

  console.log('== CountStream(3) -> LineNumbers -> Printer');
  await pipeline(new CountStream(3), new LineNumbers(), new Printer());
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
