/**
 * What happens when a stream in the middle of a chain fails: with
 * `pipeline` from 'node:stream/promises' every stream is destroyed and the
 * promise rejects once; with the 2015 `.pipe()` chain the others are left
 * hanging. And the cleanup a file target needs after a failure.
 *
 * Run: npx tsx chapters/03-streams/examples/03-pipeline-errors.ts
 */
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { Transform, Writable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CountStream } from './01-count-to-ten';

/** Passes lines through, and fails on the line `badLine`. */
export class FailOn extends Transform {
  constructor(private readonly badLine: string) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (chunk.toString().trimEnd() === this.badLine) callback(new Error(`cannot handle ${this.badLine}`));
    else callback(null, chunk);
  }
}

/** A Writable that keeps the lines it receives. */
export class Collect extends Writable {
  readonly lines: string[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.lines.push(chunk.toString().trimEnd());
    callback();
  }
}

export interface ChainReport {
  /** The streams that emitted 'error', in order. */
  errorEvents: string[];
  /** How many times the pipeline promise rejected (null: no promise, the .pipe() chain). */
  rejections: number | null;
  message: string;
  received: string[];
  destroyed: { source: boolean; middle: boolean; destination: boolean };
  /** Whether the destination ever emitted 'finish' or 'close'. */
  destinationFinished: boolean;
  destinationClosed: boolean;
}

interface Chain {
  source: CountStream;
  middle: FailOn;
  destination: Collect;
  errorEvents: string[];
  flags: { finished: boolean; closed: boolean };
}

/** The three streams, with listeners that record 'error' on each and 'finish'/'close' on the destination. */
function chainFor(badLine: string): Chain {
  const chain: Chain = {
    source: new CountStream(10),
    middle: new FailOn(badLine),
    destination: new Collect(),
    errorEvents: [],
    flags: { finished: false, closed: false },
  };
  for (const name of ['source', 'middle', 'destination'] as const) {
    // With .pipe(), a stream that emits 'error' with no listener crashes the process: every stream needs one.
    chain[name].on('error', () => chain.errorEvents.push(name));
  }
  chain.destination.on('finish', () => (chain.flags.finished = true));
  chain.destination.on('close', () => (chain.flags.closed = true));
  return chain;
}

function report(chain: Chain, rejections: number | null, message: string): ChainReport {
  const { source, middle, destination } = chain;
  return {
    errorEvents: [...chain.errorEvents],
    rejections,
    message,
    received: destination.lines,
    destroyed: { source: source.destroyed, middle: middle.destroyed, destination: destination.destroyed },
    destinationFinished: chain.flags.finished,
    destinationClosed: chain.flags.closed,
  };
}

/** Today: one promise for the whole chain. */
export async function withPipeline(badLine = '5'): Promise<ChainReport> {
  const chain = chainFor(badLine);
  let rejections = 0;
  let message = '';
  try {
    await pipeline(chain.source, chain.middle, chain.destination);
  } catch (error) {
    rejections += 1;
    message = (error as Error).message;
  }
  return report(chain, rejections, message);
}

/**
 * 2015: `source.pipe(middle).pipe(destination)`. `.pipe()` does not forward
 * errors: only the stream that failed says so. When the middle fails,
 * `.pipe()` only unpipes: the source stays open, the destination waits for
 * data that never comes.
 */
export async function withPipe(badLine = '5'): Promise<ChainReport> {
  const chain = chainFor(badLine);
  let message = '';
  chain.middle.on('error', (error: Error) => (message = error.message));
  chain.source.pipe(chain.middle).pipe(chain.destination);
  // Give the chain far more time than it needs to finish, if it could.
  await new Promise((resolve) => setTimeout(resolve, 100));
  const result = report(chain, null, message);
  // Clean up by hand what .pipe() left open.
  chain.source.destroy();
  chain.destination.destroy();
  return result;
}

/**
 * Writes the counter through FailOn into `file`. A failed pipeline leaves a
 * partial file (what came through before the error); remove it, or the next
 * reader takes it for a complete one. naught-core's gzipArchive does the same
 * with a half-written .gz.
 */
export async function writeNumbersFile(file: string, badLine: string | null): Promise<void> {
  try {
    await pipeline(new CountStream(10), new FailOn(badLine ?? 'never'), fs.createWriteStream(file));
  } catch (error) {
    await fsp.rm(file, { force: true });
    throw error;
  }
}

function print(title: string, report: ChainReport): void {
  console.log(title);
  console.log(`  'error' events: ${report.errorEvents.join(', ')}`);
  if (report.rejections === null) console.log(`  no promise: only the listeners tell you (${report.message})`);
  else console.log(`  promise rejected ${report.rejections} time${report.rejections === 1 ? '' : 's'} (${report.message})`);
  console.log(`  destination received: ${report.received.join(' ')}`);
  const { source, middle, destination } = report.destroyed;
  console.log(`  destroyed: source ${source}, middle ${middle}, destination ${destination}`);
  console.log(`  destination 'finish': ${report.destinationFinished}, 'close': ${report.destinationClosed}`);
}

async function main(): Promise<void> {
  print('== pipeline(count, failOn5, collect)', await withPipeline());
  print('== count.pipe(failOn5).pipe(collect), the 2015 way', await withPipe());

  console.log('== a file target');
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'ch03-pipeline-'));
  try {
    const file = path.join(dir, 'numbers.txt');
    await writeNumbersFile(file, null);
    console.log(`  without a failure: numbers.txt has ${(await fsp.stat(file)).size} bytes`);
    await writeNumbersFile(file, '5').catch((error: Error) => console.log(`  with a failure: rejected (${error.message})`));
    console.log(`  numbers.txt exists after the failure: ${fs.existsSync(file)}`);
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
