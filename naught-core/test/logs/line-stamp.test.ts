import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { prefixLines, timestampLines } from '../../src/logs/line-stamp';
import { pipeLines } from '../../src/logs/pipe-lines';
import { RotatingLog } from '../../src/logs/rotating-log';
import { makeTempDir, readLogSeries, removeTempDir } from './support';

/** `2025-11-21T20:12:48.462Z ` at the start of a line. */
const STAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z) /;

/** Prints `count` lines `TAG:seq:payload:length`, some longer than a pipe read (64 KB), in writes that end mid-line. */
const WORKER = `
const [tag, count] = process.argv.slice(1);
const lengths = [0, 10, 300, 70000, 33, 65536, 1];
let out = '';
for (let i = 0; i < Number(count); i++) {
  const length = lengths[i % lengths.length];
  out += tag + ':' + i + ':' + tag.toLowerCase().repeat(length) + ':' + length + '\\n';
  if (out.length > 50000) { process.stdout.write(out.slice(0, 40001)); out = out.slice(40001); }
}
process.stdout.write(out);
`;

describe('logs/line-stamp (--log-timestamps)', () => {
  describe('prefixLines', () => {
    it('puts the prefix before every line, and before a last line without a newline', () => {
      const prefix = Buffer.from('> ');
      assert.equal(prefixLines(Buffer.from('a\nbb\n\nccc\n'), prefix).toString(), '> a\n> bb\n> \n> ccc\n');
      assert.equal(prefixLines(Buffer.from('a\nrest'), prefix).toString(), '> a\n> rest');
      assert.equal(prefixLines(Buffer.from('\n'), prefix).toString(), '> \n');
      assert.equal(prefixLines(Buffer.alloc(0), prefix).length, 0);
    });

    it('keeps bytes that are not text intact', () => {
      const binary = Buffer.from([0xff, 0x00, 0x0a, 0xc3, 0xa9, 0x0a]);
      assert.deepEqual([...prefixLines(binary, Buffer.from('#'))], [0x23, 0xff, 0x00, 0x0a, 0x23, 0xc3, 0xa9, 0x0a]);
    });
  });

  describe('timestampLines', () => {
    it('prefixes each line with the ISO 8601 UTC time in milliseconds and a space', () => {
      const at = new Date(Date.UTC(2025, 10, 21, 20, 12, 48, 462));
      assert.equal(timestampLines(Buffer.from('one\ntwo\n'), at).toString(), '2025-11-21T20:12:48.462Z one\n2025-11-21T20:12:48.462Z two\n');
    });

    it('uses the current time by default', () => {
      const before = Date.now();
      const stamped = timestampLines(Buffer.from('x\n')).toString();
      const after = Date.now();
      const match = STAMP.exec(stamped);
      assert.ok(match, stamped);
      const time = Date.parse(match[1]);
      assert.ok(time >= before - 1 && time <= after + 1, `${match[1]} is now`);
      assert.equal(stamped.slice(match[0].length), 'x\n');
    });
  });

  describe('through pipeLines into a rotating log', () => {
    let dir: string;
    beforeEach(async () => {
      dir = await makeTempDir();
    });
    afterEach(async () => {
      await removeTempDir(dir);
    });

    it('stamps every line of two real workers exactly once, lines whole and unsplit across rotations', async function () {
      this.timeout(60_000);
      const file = path.join(dir, 'stdout.log');
      const log = await RotatingLog.open(file, 200_000, { highWaterMark: 64 * 1024 });
      const errors: Error[] = [];
      log.on('error', (error) => errors.push(error));
      const count = 140;
      const started = Date.now();
      const workers = ['A', 'B'].map((tag) => spawn(process.execPath, ['-e', WORKER, tag, String(count)], { stdio: ['ignore', 'pipe', 'inherit'] }));
      await Promise.all(
        workers.map(async (worker) => {
          assert.ok(worker.stdout);
          pipeLines(worker.stdout, log, timestampLines);
          const [code] = (await once(worker, 'close')) as [number | null];
          assert.equal(code, 0);
        }),
      );
      await log.close();
      const ended = Date.now();
      assert.deepEqual(errors, []);

      const series = await readLogSeries(file);
      assert.ok(series.archives.length > 3, `the output was rotated (${series.archives.length} archives)`);
      const lines = series.all.toString().split('\n');
      assert.equal(lines.pop(), '');
      const next: Record<string, number> = { A: 0, B: 0 };
      for (const line of lines) {
        const stamp = STAMP.exec(line);
        assert.ok(stamp, `every line starts with a timestamp: ${line.slice(0, 60)}`);
        const time = Date.parse(stamp[1]);
        assert.ok(time >= started - 1000 && time <= ended + 1000, `the stamp ${stamp[1]} is the time of the run`);
        const match = /^([AB]):(\d+):([ab]*):(\d+)$/.exec(line.slice(stamp[0].length));
        assert.ok(match, `one stamp, then one whole line of one worker: ${line.slice(0, 80)}`);
        const [, tag, seq, payload, length] = match;
        assert.equal(payload.length, Number(length));
        assert.equal(Number(seq), next[tag], `${tag}'s lines in order, none missing`);
        next[tag] += 1;
      }
      assert.deepEqual(next, { A: count, B: count });
      for (const content of series.archiveContents) assert.match(content.toString('latin1', 0, 25), STAMP, 'an archive starts with a stamped line');
    });

    it('stamps a last partial line when its source ends', async () => {
      const file = path.join(dir, 'stderr.log');
      const log = await RotatingLog.open(file, 1_000_000);
      const source = new PassThrough();
      pipeLines(source, log, (lines) => prefixLines(lines, Buffer.from('T ')));
      source.write('whole\npar');
      source.end('tial');
      await once(source, 'close');
      await log.close();
      assert.equal((await readLogSeries(file)).live.toString(), 'T whole\nT partial\n');
    });
  });
});
