import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { pipeLines } from '../../src/logs/pipe-lines';
import { RotatingLog } from '../../src/logs/rotating-log';
import { makeTempDir, readLogSeries, removeTempDir } from './support';

/**
 * A worker that prints `count` lines `TAG:seq:payload:length` to stdout, with
 * payload lengths up to 150 KB so that lines span several pipe reads (64 KB).
 */
const WORKER = `
const [tag, fill, count] = process.argv.slice(1);
const lengths = [0, 10, 300, 4095, 70000, 150000, 33, 65536];
for (let i = 0; i < Number(count); i++) {
  const length = lengths[i % lengths.length] + (i % 7);
  process.stdout.write(tag + ':' + i + ':' + fill.repeat(length) + ':' + length + '\\n');
}
`;

describe('logs/pipeLines', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(async () => {
    await removeTempDir(dir);
  });

  it('keeps two workers\u2019 lines whole in a shared, rotating log (real child processes and pipes)', async function () {
    this.timeout(60_000);
    const file = path.join(dir, 'base.log');
    const maxSize = 300_000;
    // A small high-water mark, so the workers are also paused and resumed along the way.
    const log = await RotatingLog.open(file, maxSize, { highWaterMark: 64 * 1024 });
    const errors: Error[] = [];
    log.on('error', (error) => errors.push(error));
    const count = 160;
    const workers = [
      ['A', 'a'],
      ['B', 'b'],
    ].map(([tag, fill]) => spawn(process.execPath, ['-e', WORKER, tag, fill, String(count)], { stdio: ['ignore', 'pipe', 'inherit'] }));
    const ended = workers.map(async (worker) => {
      assert.ok(worker.stdout);
      pipeLines(worker.stdout, log);
      const [code] = (await once(worker, 'close')) as [number | null];
      assert.equal(code, 0);
    });
    await Promise.all(ended);
    await log.close();
    assert.deepEqual(errors, []);

    const series = await readLogSeries(file);
    const lines = series.all.toString().split('\n');
    assert.equal(lines.pop(), '', 'the log ends with a line end');
    const next: Record<string, number> = { A: 0, B: 0 };
    let longest = 0;
    for (const line of lines) {
      const match = /^([AB]):(\d+):(a*|b*):(\d+)$/.exec(line);
      assert.ok(match, `a line was split or interleaved: ${line.slice(0, 80)}...`);
      const [, tag, seq, payload, length] = match;
      assert.equal(payload.length, Number(length), `line ${tag}:${seq} has lost bytes`);
      assert.ok(payload === '' || payload[0] === tag.toLowerCase(), `line ${tag}:${seq} has another worker's bytes`);
      assert.equal(Number(seq), next[tag], `${tag}'s lines are out of order or missing`);
      next[tag] += 1;
      longest = Math.max(longest, line.length + 1);
    }
    assert.deepEqual(next, { A: count, B: count });
    assert.ok(series.archives.length > 5, `expected rotations, got ${series.archives.length}`);
    for (const content of series.archiveContents) {
      assert.ok(content.length >= maxSize && content.length < maxSize + longest, `archive of ${content.length} bytes`);
    }
  });

  it('writes a partial last line with a newline when the source ends', async () => {
    const file = path.join(dir, 'base.log');
    const log = await RotatingLog.open(file, 1_000_000);
    const source = new PassThrough();
    pipeLines(source, log);
    source.write('abc\nde');
    source.end('f');
    await once(source, 'close');
    await log.close();
    assert.equal((await readLogSeries(file)).live.toString(), 'abc\ndef\n');
  });

  it('accepts a source that emits strings', async () => {
    const file = path.join(dir, 'base.log');
    const log = await RotatingLog.open(file, 1_000_000);
    const source = new PassThrough();
    source.setEncoding('utf8');
    pipeLines(source, log);
    source.end('h\u00e9llo\nw\u00f6rld');
    await once(source, 'close');
    await log.close();
    assert.equal((await readLogSeries(file)).live.toString(), 'h\u00e9llo\nw\u00f6rld\n');
  });

  it('writes what it holds when the source fails, without crashing', async () => {
    const file = path.join(dir, 'base.log');
    const log = await RotatingLog.open(file, 1_000_000);
    const source = new PassThrough();
    pipeLines(source, log);
    source.write('whole\nhalf');
    await new Promise((resolve) => setImmediate(resolve));
    source.destroy(new Error('pipe broke'));
    await new Promise((resolve) => source.once('close', resolve));
    await log.close();
    assert.equal((await readLogSeries(file)).live.toString(), 'whole\nhalf\n');
  });

  it('pauses the source while the log is behind and resumes it on drain', async () => {
    const written: string[] = [];
    let accept = false;
    const sink = Object.assign(new EventEmitter(), {
      write(data: Buffer | string): boolean {
        written.push(data.toString());
        return accept;
      },
    });
    const source = new PassThrough();
    pipeLines(source, sink);
    source.write('one\n');
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(written, ['one\n']);
    assert.equal(source.isPaused(), true);

    source.write('two\n');
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(written, ['one\n'], 'nothing is read while paused');

    accept = true;
    sink.emit('drain');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(source.isPaused(), false);
    assert.deepEqual(written, ['one\n', 'two\n']);
    assert.equal(sink.listenerCount('drain'), 0);
  });
});
