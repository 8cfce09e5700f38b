/**
 * LineSplitter in this process: the same text cut at every pair of byte
 * positions must give the same lines; a line comes out as soon as it is
 * complete; a slow consumer holds the producer back; and a runaway line is
 * refused before it fills the memory.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { loadSubject } from '../../shared/subject';

const EXERCISE_DIR = path.resolve(__dirname, '..');
type LinesModule = typeof import('../lines');

/** Runs `chunks` through a new LineSplitter and returns the lines it pushed. */
async function split(subject: LinesModule, chunks: Buffer[], options?: { maxLineLength?: number }): Promise<unknown[]> {
  const lines: unknown[] = [];
  await pipeline(Readable.from(chunks), new subject.LineSplitter(options), async function (source: AsyncIterable<unknown>) {
    for await (const line of source) lines.push(line);
  });
  return lines;
}

const show = (value: unknown): string => JSON.stringify(value);

describe('exercise 03: LineSplitter', function () {
  this.timeout(20_000);
  let subject: LinesModule;

  before(function () {
    subject = loadSubject<LinesModule>(EXERCISE_DIR, 'lines.ts');
  });

  it('splits text into lines: empty lines kept, no extra line after a final newline, the last line without a newline kept', async function () {
    const cases: [string, string[]][] = [
      ['one\ntwo\n', ['one', 'two']],
      ['one\ntwo', ['one', 'two']],
      ['', []],
      ['\n', ['']],
      ['a\n\n\nb\n', ['a', '', '', 'b']],
      ['no newline at all', ['no newline at all']],
    ];
    for (const [text, expected] of cases) {
      const lines = await split(subject, [Buffer.from(text)]);
      assert.deepEqual(lines, expected, `${show(text)} should give ${show(expected)}, got ${show(lines)}`);
    }
  });

  it("removes the '\\r' of Windows line endings ('\\r\\n'), and only there", async function () {
    const text = 'dos\r\nunix\ncarriage\rreturn inside\r\nlast\r\n';
    const expected = ['dos', 'unix', 'carriage\rreturn inside', 'last'];
    const lines = await split(subject, [Buffer.from(text)]);
    assert.deepEqual(lines, expected, `${show(text)} should give ${show(expected)}, got ${show(lines)}`);
  });

  it('gives the same lines however the bytes are cut: every pair of cut points, through multi-byte characters and \\r\\n', async function () {
    const bytes = Buffer.from('héllo wörld\r\n\nprice: 5 €\nlast line, no newline 🚀');
    const expected = ['héllo wörld', '', 'price: 5 €', 'last line, no newline 🚀'];
    for (let first = 0; first <= bytes.length; first++) {
      for (let second = first; second <= bytes.length; second++) {
        const chunks = [bytes.subarray(0, first), bytes.subarray(first, second), bytes.subarray(second)];
        const lines = await split(subject, chunks);
        assert.deepEqual(lines, expected, `cut at bytes ${first} and ${second}, got ${show(lines)}; expected ${show(expected)}`);
      }
    }
    const oneByteAtATime = await split(subject, [...bytes].map((byte) => Buffer.from([byte])));
    assert.deepEqual(oneByteAtATime, expected, `fed one byte at a time, got ${show(oneByteAtATime)}`);
  });

  it('pushes a line as soon as it is complete, before the input has ended', async function () {
    const splitter = new subject.LineSplitter();
    splitter.on('error', () => {}); // reported through the write callback below
    const written = await new Promise<Error | null | undefined>((resolve) => splitter.write(Buffer.from('first line\nsecond li'), resolve));
    assert.equal(written ?? null, null, `writing the first chunk failed: ${String(written)}`);
    // The write callback runs once _transform has called back: its lines are in the readable buffer by now.
    const line: unknown = splitter.read();
    splitter.destroy();
    assert.equal(line, 'first line', `after 'first line\\nsecond li' was written (and before end()), the splitter should have 'first line' ready to read; it had ${show(line)}`);
  });

  it('respects backpressure: with a slow reader, the producer is never far ahead (8 MB of input, less than 1 MiB in flight)', async function () {
    const chunk = Buffer.from(`${'x'.repeat(99)}\n`.repeat(40)); // 40 lines of 100 bytes
    const total = 2_100 * chunk.length; // 8.4 MB
    let produced = 0;
    let consumed = 0;
    let maxAhead = 0;
    const source = new Readable({
      read() {
        if (produced >= total) {
          this.push(null);
          return;
        }
        produced += chunk.length;
        this.push(chunk);
      },
    });
    const slowReader = new Writable({
      objectMode: true,
      highWaterMark: 1,
      write(received: string, _encoding, callback) {
        consumed += received.length + 1;
        maxAhead = Math.max(maxAhead, produced - consumed);
        setImmediate(callback); // one line per turn of the event loop
      },
    });
    await pipeline(source, new subject.LineSplitter(), slowReader);
    assert.equal(consumed, total, `the reader should get all ${total} bytes back as lines, got ${consumed}`);
    assert.ok(
      maxAhead < 1024 * 1024,
      `the source was read up to ${(maxAhead / 1024 / 1024).toFixed(1)} MiB ahead of the reader: ` +
        'the splitter should push lines as they come and call back, and not gather the input',
    );
  });

  it('refuses a line longer than maxLineLength with an error, and a line of exactly maxLineLength is fine', async function () {
    const fits = await split(subject, [Buffer.from(`${'a'.repeat(1000)}\r\nshort\n`)], { maxLineLength: 1000 });
    assert.deepEqual(
      fits.map((line) => String(line).length),
      [1000, 5],
      'a line of exactly maxLineLength characters (1000) should pass',
    );
    await assert.rejects(split(subject, [Buffer.from(`short\n${'a'.repeat(1001)}\nshort\n`)], { maxLineLength: 1000 }), /longer than 1000/, 'a line of 1001 characters should make the pipeline reject with an error saying "longer than 1000"');
    await assert.rejects(split(subject, [Buffer.from('a'.repeat(1001))], { maxLineLength: 1000 }), /longer than 1000/, 'a last line (no newline) of 1001 characters should be refused too');
  });

  it('refuses a runaway line early: input with no newline at all fails long before it has all been read', async function () {
    let produced = 0;
    const total = 16 * 1024 * 1024;
    async function* noNewlineEver(): AsyncGenerator<Buffer> {
      while (produced < total) {
        produced += 64 * 1024;
        yield Buffer.alloc(64 * 1024, 'y');
      }
    }
    await assert.rejects(
      pipeline(noNewlineEver(), new subject.LineSplitter({ maxLineLength: 100_000 }), async function (source: AsyncIterable<unknown>) {
        for await (const _line of source);
      }),
      /longer than 100000/,
    );
    assert.ok(produced < 1024 * 1024, `the error came only after ${(produced / 1024 / 1024).toFixed(1)} MiB had been read: check the unfinished line's length as it grows`);
  });

  it('by default refuses lines over 1 MiB, and refuses a bad maxLineLength with a RangeError', async function () {
    await assert.rejects(split(subject, [Buffer.alloc(2 * 1024 * 1024, 'z'), Buffer.from('\n')]), /longer than 1048576/);
    for (const maxLineLength of [0, -5, 2.5, Number.NaN]) {
      assert.throws(() => new subject.LineSplitter({ maxLineLength }), RangeError, `new LineSplitter({ maxLineLength: ${maxLineLength} }) should throw a RangeError`);
    }
  });
});
