import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { CountStream } from '../examples/01-count-to-ten';
import { Collect, FailOn, withPipe, withPipeline, writeNumbersFile } from '../examples/03-pipeline-errors';
import { assertPrintsLikeReadme, runExample } from './support';

describe('03-streams / 03 pipeline and errors', () => {
  it('runs and prints what the README shows', async () => {
    const run = await runExample('03-pipeline-errors.ts');
    assert.equal(run.code, 0, run.stderr);
    assertPrintsLikeReadme('03-pipeline-errors.ts', run.stdout);
  });

  it('pipeline: an error in the middle destroys every stream with it, and rejects once', async () => {
    const report = await withPipeline('5');
    assert.deepEqual(report.errorEvents, ['middle', 'source', 'destination']);
    assert.equal(report.rejections, 1);
    assert.equal(report.message, 'cannot handle 5');
    assert.deepEqual(report.received, ['1', '2', '3', '4']);
    assert.deepEqual(report.destroyed, { source: true, middle: true, destination: true });
    assert.equal(report.destinationFinished, false, 'a failed chain must not look finished');
    assert.equal(report.destinationClosed, true);
  });

  it('pipeline: the rejection is the failing stream\'s own error object', async () => {
    const middle = new FailOn('2');
    let thrown: unknown = null;
    middle.once('error', (error) => (thrown = error));
    await assert.rejects(pipeline(new CountStream(10), middle, new Collect()), (error) => error === thrown);
  });

  it('pipeline: without an error, everything arrives and the destination finishes', async () => {
    const report = await withPipeline('no such line');
    assert.equal(report.rejections, 0);
    assert.deepEqual(report.errorEvents, []);
    assert.deepEqual(report.received, ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    assert.equal(report.destinationFinished, true);
  });

  it('.pipe(): the same failure leaves the source open and the destination never finishing', async () => {
    const report = await withPipe('5');
    assert.deepEqual(report.errorEvents, ['middle'], 'only the failing stream says so');
    assert.equal(report.message, 'cannot handle 5');
    assert.deepEqual(report.received, ['1', '2', '3', '4']);
    assert.equal(report.destroyed.source, false);
    assert.equal(report.destroyed.destination, false);
    assert.equal(report.destinationFinished, false);
    assert.equal(report.destinationClosed, false);
  });

  it('a failed pipeline into a file leaves no partial file; a good one writes it whole', async () => {
    const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'ch03-test-'));
    try {
      const file = path.join(dir, 'numbers.txt');
      await writeNumbersFile(file, null);
      assert.equal(await fsp.readFile(file, 'utf8'), '1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n');
      await assert.rejects(writeNumbersFile(file, '5'), /cannot handle 5/);
      assert.equal(fs.existsSync(file), false);
    } finally {
      await fsp.rm(dir, { recursive: true, force: true });
    }
  });
});
