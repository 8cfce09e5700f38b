import * as assert from 'node:assert/strict';
import { once } from 'node:events';
import { SlowWriter, chunk, pipelineIntoSlowWriter, writeIgnoringBackpressure, writeRespectingBackpressure } from '../examples/04-backpressure';
import { assertPrintsLikeReadme, runExample } from './support';

describe('03-streams / 04 backpressure', () => {
  it('runs and prints what the README shows', async () => {
    const run = await runExample('04-backpressure.ts');
    assert.equal(run.code, 0, run.stderr);
    assertPrintsLikeReadme('04-backpressure.ts', run.stdout);
  });

  it('write() returns false once highWaterMark bytes wait, and drain follows when they are written', async () => {
    const writer = new SlowWriter(64, 5);
    assert.equal(chunk(1).length, 16);
    const results = [1, 2, 3, 4].map((i) => writer.write(chunk(i)));
    assert.deepEqual(results, [true, true, true, false]);
    assert.equal(writer.writableLength, 64);
    assert.equal(writer.writableNeedDrain, true);
    await once(writer, 'drain');
    assert.equal(writer.writableLength, 0);
    assert.equal(writer.received, 64, "'drain' comes only after every buffered byte was handled");
    writer.end();
    await once(writer, 'finish');
  });

  it('a producer that waits for drain keeps writableLength at highWaterMark at most', async () => {
    const log = await writeRespectingBackpressure(new SlowWriter(64, 0), 2000, false);
    assert.equal(log.received, 2000 * 16);
    assert.equal(log.falses, 500);
    assert.equal(log.drains, log.falses, "every false was followed by a 'drain'");
    assert.ok(log.peakBuffered <= 64, `peak ${log.peakBuffered}`);
  });

  it('a producer that ignores false buffers everything it wrote', async () => {
    const log = await writeIgnoringBackpressure(new SlowWriter(64, 0), 2000);
    assert.equal(log.received, 2000 * 16);
    assert.ok(log.falses >= 1990, `write() returned false ${log.falses} times`);
    assert.equal(log.peakBuffered, 2000 * 16);
  });

  it('pipeline keeps a fast Readable close behind a slow Writable', async () => {
    const log = await pipelineIntoSlowWriter(20_000, 64, 64);
    assert.equal(log.lines, 20_000);
    assert.ok(log.peakBuffered <= 64, `writer buffer peaked at ${log.peakBuffered}`);
    // Bounded by the two 64-byte buffers (lines of 2 bytes and more): never a large part of the 20000 lines.
    assert.ok(log.maxAhead <= 100, `the counter ran ${log.maxAhead} lines ahead`);
  });
});
