import * as assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { CountStream, YieldingCountStream, collectLines, consumeWithTicker } from '../examples/01-count-to-ten';
import { assertPrintsLikeReadme, runExample } from './support';

describe('03-streams / 01 CountStream, a Readable that counts to 10', () => {
  it('runs and prints what the README shows', async () => {
    const run = await runExample('01-count-to-ten.ts');
    assert.equal(run.code, 0, run.stderr);
    assertPrintsLikeReadme('01-count-to-ten.ts', run.stdout);
  });

  it('pushes the ten lines "1\\n" to "10\\n", one data event each, then ends once', async () => {
    const stream = new CountStream();
    const chunks: string[] = [];
    let ends = 0;
    stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
    stream.on('end', () => (ends += 1));
    await new Promise((resolve) => stream.on('close', resolve));
    assert.deepEqual(chunks, ['1\n', '2\n', '3\n', '4\n', '5\n', '6\n', '7\n', '8\n', '9\n', '10\n']);
    assert.equal(ends, 1);
    assert.equal(stream.produced, 10);
  });

  it('counts to another limit, and to 0 (an empty stream that still ends)', async () => {
    assert.deepEqual(await collectLines(new CountStream(3)), ['1', '2', '3']);
    assert.deepEqual(await collectLines(new CountStream(0)), []);
  });

  it('collectLines cuts lines from the text, whatever the chunks', async () => {
    assert.deepEqual(await collectLines(Readable.from([Buffer.from('1\n2'), Buffer.from('\n3\n4\n')])), ['1', '2', '3', '4']);
  });

  it('is pulled: _read is not called before someone reads, and not run ahead beyond highWaterMark', async () => {
    const stream = new CountStream(1000, { highWaterMark: 8 });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(stream.produced, 0, 'nothing read yet, nothing produced');
    stream.read(0); // ask for nothing: the stream fills its buffer up to highWaterMark, then stops
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(stream.produced > 0 && stream.produced <= 8, `produced ${stream.produced} lines into an 8-byte buffer`);
    stream.destroy();
  });

  it('with a synchronous _read, other work gets no turn before the end; pushing from setImmediate lets it in between', async () => {
    const sync = await consumeWithTicker(new CountStream());
    assert.equal(sync.indexOf('end'), 10);
    assert.match(sync[11] as string, /turn 1:/);

    const yielding = await consumeWithTicker(new YieldingCountStream());
    const dataIndexes = yielding.flatMap((event, i) => (event.startsWith('data:') ? [i] : []));
    assert.equal(dataIndexes.length, 10);
    for (let k = 1; k < dataIndexes.length; k++) {
      const between = yielding.slice((dataIndexes[k - 1] as number) + 1, dataIndexes[k]);
      assert.ok(between.some((event) => event.includes('other work runs')), `no turn between data ${k} and data ${k + 1}`);
    }
  });
});
