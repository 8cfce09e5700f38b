/**
 * A Readable stream that counts: `_read` is called whenever the consumer wants
 * more, `push(chunk)` hands over one line, `push(null)` says there is no more.
 *
 * Run: npx tsx chapters/03-streams/examples/01-count-to-ten.ts
 */
import { Readable, type ReadableOptions } from 'node:stream';

/** Pushes the lines "1\n", "2\n", ... up to `last` (10 by default), then ends. */
export class CountStream extends Readable {
  private current = 0;

  constructor(
    private readonly last = 10,
    options?: ReadableOptions,
  ) {
    super(options);
  }

  /** Called by the stream machinery when its buffer is below highWaterMark. */
  override _read(): void {
    this.current += 1;
    if (this.current > this.last) this.push(null); // end of stream: 'end' follows once the data is consumed
    else this.push(`${this.current}\n`);
  }

  /** The last number pushed so far (0 before the first _read). */
  get produced(): number {
    return Math.min(this.current, this.last);
  }
}

/** The same counter, but each `_read` waits for the next turn of the event loop before it pushes. */
export class YieldingCountStream extends CountStream {
  override _read(): void {
    setImmediate(() => super._read());
  }
}

/**
 * Consumes `stream` with 'data' and 'end' while a setImmediate "ticker" stands
 * for the rest of the server (other requests, timers): it runs once per turn
 * of the event loop until the stream has ended. Returns what happened, in order.
 */
export function consumeWithTicker(stream: Readable): Promise<string[]> {
  const events: string[] = [];
  let ended = false;
  let turn = 0;
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      turn += 1;
      events.push(`(event loop turn ${turn}: other work runs)`);
      if (ended) resolve(events);
      else setImmediate(tick);
    };
    setImmediate(tick);
    stream.on('data', (chunk: Buffer) => events.push(`data: ${chunk.toString().trimEnd()}`));
    stream.on('error', reject);
    stream.on('end', () => {
      events.push('end');
      ended = true;
    });
  });
}

/**
 * Reads a whole stream with for await ... of and returns its lines. A chunk is
 * whatever the stream had buffered when the loop asked: one push, or several
 * joined ("2\n3\n"). So the lines are cut from the text, not from the chunks.
 */
export async function collectLines(stream: Readable): Promise<string[]> {
  let text = '';
  for await (const chunk of stream) text += (chunk as Buffer).toString();
  return text.split('\n').slice(0, -1);
}

async function main(): Promise<void> {
  console.log('== CountStream: _read pushes at once');
  for (const event of await consumeWithTicker(new CountStream())) console.log(event);

  console.log('== YieldingCountStream: _read pushes on the next turn of the event loop');
  for (const event of await consumeWithTicker(new YieldingCountStream())) console.log(event);

  console.log('== for await ... of');
  console.log((await collectLines(new CountStream())).join(' '));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
