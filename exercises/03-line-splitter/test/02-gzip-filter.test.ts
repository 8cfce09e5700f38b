/**
 * filterGzipLines on real files in a temporary folder: the lines it keeps,
 * that it streams (checked with a named pipe written in two halves), and that
 * a failure rejects and leaves the output file, and the folder, as they were.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { loadSubject } from '../../shared/subject';

const EXERCISE_DIR = path.resolve(__dirname, '..');
type LinesModule = typeof import('../lines');

/** A log of `count` lines; every 7th is a 500. Varied enough that gzip does not shrink it to nothing. */
function accessLog(count: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const status = i % 7 === 3 ? 500 : 200;
    lines.push(`2015-06-0${(i % 9) + 1}T12:${String(i % 60).padStart(2, '0')}:00Z worker=${i % 4} status=${status} path=/api/item/${(i * 7919) % 100_003} took=${(i * 31) % 997}ms`);
  }
  return lines;
}

const isServerError = (line: string): boolean => line.includes(' status=500 ');

describe('exercise 03: filterGzipLines', function () {
  this.timeout(30_000);
  let subject: LinesModule;
  let dir: string;

  before(function () {
    subject = loadSubject<LinesModule>(EXERCISE_DIR, 'lines.ts');
  });

  beforeEach(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exercise-03-'));
  });

  afterEach(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the matching lines of a gzipped file and writes them gzipped, one per line; resolves with how many', async function () {
    const lines = accessLog(30_000);
    // A Windows line ending, a character outside ASCII and a last line without newline, on the way.
    lines[10] = `${lines[10]} café=ok status=500 \r`;
    const text = `${lines.join('\n')}\n2015-06-09T23:59:59Z status=500 last line without newline ✓`;
    const input = path.join(dir, 'access.log.gz');
    const output = path.join(dir, 'errors.log.gz');
    fs.writeFileSync(input, gzipSync(text));
    const expected = text
      .split('\n')
      .map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line))
      .filter(isServerError);

    const kept = await subject.filterGzipLines(input, output, isServerError);

    assert.ok(fs.existsSync(output), 'the output file was not written');
    const written = gunzipSync(fs.readFileSync(output)).toString('utf8');
    assert.ok(written.endsWith('\n'), 'every kept line, the last one too, should end with \\n');
    const writtenLines = written.slice(0, -1).split('\n');
    assert.equal(writtenLines.length, expected.length, `expected ${expected.length} lines in the output, found ${writtenLines.length}`);
    assert.deepEqual(writtenLines, expected, 'the output should hold exactly the matching lines, in order, without \\r');
    assert.equal(kept, expected.length, `filterGzipLines should resolve with ${expected.length} (lines kept), got ${kept}`);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['access.log.gz', 'errors.log.gz'], 'no other file should be left in the folder');
  });

  it('streams: keep() sees the first lines while the rest of the input has not even been written (a named pipe)', async function () {
    const lines = accessLog(20_000);
    const compressed = gzipSync(`${lines.join('\n')}\n`);
    const fifo = path.join(dir, 'incoming.gz');
    execFileSync('mkfifo', [fifo]);
    // O_RDWR: opening never waits for a reader, and the pipe stays open until we end it.
    const writer = new net.Socket({ fd: fs.openSync(fifo, fs.constants.O_RDWR | fs.constants.O_NONBLOCK), readable: false, writable: true });
    writer.on('error', () => {}); // a reader that gave up; the assertions below say what went wrong
    let firstLineSeen: () => void = () => {};
    const sawFirstLine = new Promise<void>((resolve) => (firstLineSeen = resolve));
    let calls = 0;
    const keepAndWatch = (line: string): boolean => {
      calls += 1;
      firstLineSeen();
      return isServerError(line);
    };
    try {
      const job = subject.filterGzipLines(fifo, path.join(dir, 'errors.log.gz'), keepAndWatch);
      job.catch(() => {}); // awaited below; this only keeps an early rejection from being reported as unhandled
      writer.write(compressed.subarray(0, compressed.length / 2));
      let safetyNet: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([
        sawFirstLine.then(() => 'line' as const),
        job.then(
          () => 'finished' as const,
          (error: unknown) => `rejected: ${String(error)}`,
        ),
        new Promise<'nothing'>((resolve) => (safetyNet = setTimeout(() => resolve('nothing'), 10_000))),
      ]);
      clearTimeout(safetyNet);
      assert.equal(
        outcome,
        'line',
        outcome === 'nothing'
          ? 'the first half of the file was written to the pipe, but keep() was never called: read and filter as the data comes, do not wait for the whole file'
          : `filterGzipLines ended before the rest of the input was written (${outcome})`,
      );
      writer.end(compressed.subarray(compressed.length / 2));
      const kept = await job;
      assert.equal(calls, lines.length, `keep() should be called once per line (${lines.length}), it was called ${calls} times`);
      assert.equal(kept, lines.filter(isServerError).length);
    } finally {
      writer.destroy();
    }
  });

  for (const [what, makeInput] of [
    ['is not gzip at all', (): Buffer => Buffer.from('plain text, not gzip\n'.repeat(100))],
    [
      'is gzip cut in the middle',
      (): Buffer => {
        const whole = gzipSync(accessLog(5_000).join('\n'));
        return whole.subarray(0, whole.length / 2);
      },
    ],
  ] as const) {
    it(`rejects when the input ${what}, and leaves the existing output file untouched and no other file behind`, async function () {
      const input = path.join(dir, 'input.gz');
      const output = path.join(dir, 'errors.log.gz');
      fs.writeFileSync(input, makeInput());
      fs.writeFileSync(output, 'the previous, good output\n');
      await assert.rejects(subject.filterGzipLines(input, output, isServerError), `filterGzipLines should reject when the input ${what}`);
      assert.equal(fs.readFileSync(output, 'utf8'), 'the previous, good output\n', 'the output file that was there before should be left as it was');
      assert.deepEqual(fs.readdirSync(dir).sort(), ['errors.log.gz', 'input.gz'], 'no other file (a half-written output) should be left in the folder');
    });
  }

  it('rejects with the error when keep() throws, and leaves no output file', async function () {
    const input = path.join(dir, 'access.log.gz');
    const output = path.join(dir, 'errors.log.gz');
    fs.writeFileSync(input, gzipSync(accessLog(10_000).join('\n')));
    const boom = new Error('keep() gave up at line 5000');
    let calls = 0;
    const keep = (line: string): boolean => {
      calls += 1;
      if (calls === 5000) throw boom;
      return isServerError(line);
    };
    await assert.rejects(subject.filterGzipLines(input, output, keep), (error) => error === boom, "filterGzipLines should reject with keep()'s own error");
    assert.deepEqual(fs.readdirSync(dir), ['access.log.gz'], 'no output (and no half-written file) should be left in the folder');
  });

  it('rejects when the input file does not exist, and creates nothing', async function () {
    const output = path.join(dir, 'errors.log.gz');
    await assert.rejects(subject.filterGzipLines(path.join(dir, 'missing.gz'), output, isServerError), { code: 'ENOENT' });
    assert.deepEqual(fs.readdirSync(dir), [], 'nothing should be created in the folder');
  });
});
