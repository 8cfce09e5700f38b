import * as assert from 'node:assert/strict';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CountStream } from '../examples/01-count-to-ten';
import { LineNumbers, Printer, Uppercase, poemInAwkwardChunks } from '../examples/02-writable-and-transform';
import { assertPrintsLikeReadme, runExample } from './support';

/** Runs `source` through `transform` and returns everything it output, as text. */
async function through(source: Readable, transform: NodeJS.ReadWriteStream): Promise<string> {
  const out: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      out.push(chunk);
      callback();
    },
  });
  await pipeline(source, transform, sink);
  return Buffer.concat(out).toString();
}

describe('03-streams / 02 a Writable and two Transforms', () => {
  it('runs and prints what the README shows', async () => {
    const run = await runExample('02-writable-and-transform.ts');
    assert.equal(run.code, 0, run.stderr);
    assertPrintsLikeReadme('02-writable-and-transform.ts', run.stdout);
  });

  it('Uppercase keeps a character whose bytes arrive in two chunks', async () => {
    const bytes = Buffer.from('café crème');
    const chunks = [...bytes].map((byte) => Buffer.from([byte])); // one byte per chunk: every character cut
    assert.equal(await through(Readable.from(chunks), new Uppercase()), 'CAFÉ CRÈME');
  });

  it('LineNumbers numbers lines however the chunks cut them, including a last line without newline', async () => {
    const text = 'alpha\nbeta\n\ngamma';
    for (const size of [1, 2, 3, 7, 100]) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      assert.equal(
        await through(Readable.from(chunks), new LineNumbers()),
        '  1 | alpha\n  2 | beta\n  3 | \n  4 | gamma\n',
        `chunks of ${size}`,
      );
    }
    assert.equal(await through(Readable.from(['']), new LineNumbers()), '', 'no input, no lines');
  });

  it('Printer gets every chunk through _write, then its summary from _final, before finish', async () => {
    const printed: string[] = [];
    const printer = new Printer((text) => printed.push(text));
    let finishedAfter = -1;
    printer.on('finish', () => (finishedAfter = printed.length));
    await pipeline(new CountStream(3), printer);
    assert.deepEqual(printed, ['1\n', '2\n', '3\n', '(Printer: 3 chunks, 6 bytes)\n']);
    assert.equal(finishedAfter, 4);
  });

  it('the full chain turns the awkward chunks into three numbered upper-case lines', async () => {
    const printed: string[] = [];
    await pipeline(poemInAwkwardChunks(), new Uppercase(), new LineNumbers(), new Printer((text) => printed.push(text)));
    assert.deepEqual(printed.slice(0, 3), ['  1 | STREAMS FLOW LIKE WATER,\n', '  2 | BACKPRESSURE, THE CAFÉ DAM;\n', '  3 | THE LAST LINE HAS NO NEWLINE\n']);
  });
});
