/**
 * Backpressure made visible. A Writable buffers what it cannot handle yet;
 * `write()` returns false once that buffer reaches `highWaterMark`, and
 * 'drain' fires when it has emptied. A producer that waits for 'drain' keeps
 * the buffer (`writableLength`) bounded; one that ignores `false` makes it
 * hold everything. `pipeline` does the waiting for you.
 *
 * Run: npx tsx chapters/03-streams/examples/04-backpressure.ts
 */
import { once } from 'node:events';
import { Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { CountStream } from './01-count-to-ten';

/** A Writable that takes `delayMs` per chunk (0: one turn of the event loop), like a slow disk or a slow client. */
export class SlowWriter extends Writable {
  received = 0;
  /** The largest writableLength (bytes waiting in this stream's buffer) seen so far. */
  peakBuffered = 0;

  constructor(
    highWaterMark: number,
    private readonly delayMs: number,
  ) {
    super({ highWaterMark });
  }

  /** Call after each write() to keep track of the peak. */
  notePeak(): void {
    this.peakBuffered = Math.max(this.peakBuffered, this.writableLength);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const done = (): void => {
      this.received += chunk.length;
      callback();
    };
    if (this.delayMs === 0) setImmediate(done);
    else setTimeout(done, this.delayMs);
  }
}

/** `count` chunks of exactly 16 bytes: "chunk   1 .....\n". */
export function chunk(index: number): string {
  return `chunk ${String(index).padStart(3)} `.padEnd(15, '.') + '\n';
}

export interface WriteLog {
  /** The messages, in order, for printing. */
  events: string[];
  /** How many write() calls returned false, and how many 'drain' events followed them. */
  falses: number;
  drains: number;
  peakBuffered: number;
  received: number;
}

/** Writes `count` chunks, waiting for 'drain' whenever write() returns false. */
export async function writeRespectingBackpressure(writer: SlowWriter, count: number, verbose = true): Promise<WriteLog> {
  const log: WriteLog = { events: [], falses: 0, drains: 0, peakBuffered: 0, received: 0 };
  for (let i = 1; i <= count; i += 1) {
    const ok = writer.write(chunk(i));
    writer.notePeak();
    if (!ok) {
      log.falses += 1;
      if (verbose) log.events.push(`write(chunk ${i}) returned false: writableLength ${writer.writableLength} >= highWaterMark ${writer.writableHighWaterMark}, waiting`);
      await once(writer, 'drain');
      log.drains += 1;
      if (verbose) log.events.push(`'drain': writableLength ${writer.writableLength}, the writer has handled ${writer.received} bytes`);
    }
  }
  writer.end();
  await finished(writer);
  log.peakBuffered = writer.peakBuffered;
  log.received = writer.received;
  return log;
}

/** Writes `count` chunks in one go, ignoring what write() returns: all of them wait in memory. */
export async function writeIgnoringBackpressure(writer: SlowWriter, count: number): Promise<WriteLog> {
  const log: WriteLog = { events: [], falses: 0, drains: 0, peakBuffered: 0, received: 0 };
  writer.on('drain', () => (log.drains += 1));
  for (let i = 1; i <= count; i += 1) {
    if (!writer.write(chunk(i))) log.falses += 1;
    writer.notePeak();
  }
  writer.end();
  await finished(writer);
  log.peakBuffered = writer.peakBuffered;
  log.received = writer.received;
  return log;
}

export interface PipelineLog {
  lines: number;
  /** The most lines the counter had produced beyond what the writer had handled, at any moment. */
  maxAhead: number;
  peakBuffered: number;
}

/**
 * pipeline(CountStream, SlowWriter): the counter's _read is only called when
 * the buffers have room, so it never runs far ahead of the slow writer.
 */
export async function pipelineIntoSlowWriter(lines: number, readableHighWaterMark: number, writerHighWaterMark: number): Promise<PipelineLog> {
  const counter = new CountStream(lines, { highWaterMark: readableHighWaterMark });
  const writer = new SlowWriter(writerHighWaterMark, 0);
  let handledLines = 0;
  let maxAhead = 0;
  const originalWrite = writer._write.bind(writer);
  writer._write = (data: Buffer, encoding, callback) => {
    writer.notePeak();
    maxAhead = Math.max(maxAhead, counter.produced - handledLines);
    originalWrite(data, encoding, (error) => {
      handledLines += data.toString().split('\n').length - 1;
      callback(error);
    });
  };
  await pipeline(counter, writer);
  return { lines: handledLines, maxAhead, peakBuffered: writer.peakBuffered };
}

async function main(): Promise<void> {
  console.log('== 12 chunks of 16 bytes into a SlowWriter (highWaterMark 64 bytes, 5 ms per chunk), waiting for drain');
  const small = await writeRespectingBackpressure(new SlowWriter(64, 5), 12);
  for (const event of small.events) console.log(event);
  console.log(`done: ${small.received} bytes written, writableLength peaked at ${small.peakBuffered}`);

  console.log('== 10000 chunks of 16 bytes, highWaterMark 64 bytes');
  const respecting = await writeRespectingBackpressure(new SlowWriter(64, 0), 10_000, false);
  console.log(`waiting for 'drain': write() returned false ${respecting.falses} times, ${respecting.drains} drains, writableLength peaked at ${respecting.peakBuffered} bytes`);
  const ignoring = await writeIgnoringBackpressure(new SlowWriter(64, 0), 10_000);
  console.log(`ignoring false:      write() returned false ${ignoring.falses} times, ${ignoring.drains} drains, writableLength peaked at ${ignoring.peakBuffered} bytes`);

  console.log('== pipeline(CountStream(100000, highWaterMark 64), SlowWriter(highWaterMark 64))');
  const piped = await pipelineIntoSlowWriter(100_000, 64, 64);
  console.log(`${piped.lines} lines; the counter was never more than ${piped.maxAhead} lines ahead of the writer; writableLength peaked at ${piped.peakBuffered} bytes`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
