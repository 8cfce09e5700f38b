import * as assert from 'node:assert/strict';
import { once } from 'node:events';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LogError } from '../../src/logs/log-error';
import { RotatingLog, type RotateEvent } from '../../src/logs/rotating-log';
import { makeTempDir, readLogSeries, removeTempDir, seededRandom } from './support';

const ARCHIVE_NAME = /^base-\d{13}\.log\.gz$/;

/** `count` numbered lines of pseudo-random length (1 to maxPad extra bytes). */
function numberedLines(count: number, maxPad: number, seed: number): string[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => `line ${i} ${'.'.repeat(Math.floor(random() * maxPad))}\n`);
}

function collectErrors(log: RotatingLog): LogError[] {
  const errors: LogError[] = [];
  log.on('error', (error) => errors.push(error));
  return errors;
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

describe('logs/RotatingLog', () => {
  let dir: string;
  let logs: RotatingLog[];

  beforeEach(async () => {
    dir = await makeTempDir();
    logs = [];
  });
  afterEach(async () => {
    await Promise.all(logs.map((log) => log.close()));
    await removeTempDir(dir);
  });

  async function open(file: string, maxSize: number, options?: Parameters<typeof RotatingLog.open>[2]): Promise<RotatingLog> {
    const log = await RotatingLog.open(file, maxSize, options);
    logs.push(log);
    return log;
  }

  describe('open', () => {
    it('creates missing parent directories and the file', async () => {
      const file = path.join(dir, 'a', 'b', 'stdout.log');
      await open(file, 1000);
      assert.equal((await fs.stat(file)).size, 0);
    });

    it('rejects with the fs error for a path under a regular file (ENOTDIR)', async () => {
      await fs.writeFile(path.join(dir, 'plain'), '');
      const file = path.join(dir, 'plain', 'logs', 'stdout.log');
      await assert.rejects(RotatingLog.open(file, 1000), (error: NodeJS.ErrnoException) => {
        assert.equal(error.code, 'ENOTDIR');
        assert.match(error.message, /^ENOTDIR: not a directory/);
        return true;
      });
    });

    it('rejects with EISDIR when the path is a directory', async () => {
      await assert.rejects(RotatingLog.open(dir, 1000), { code: 'EISDIR' });
    });

    it('rejects a maxSize that is not a positive number', async () => {
      await assert.rejects(RotatingLog.open(path.join(dir, 'x.log'), 0), RangeError);
      await assert.rejects(RotatingLog.open(path.join(dir, 'x.log'), Number.NaN), RangeError);
    });
  });

  it('writes what it is given, without rotating below maxSize', async () => {
    const file = path.join(dir, 'base.log');
    const log = await open(file, 1_000_000);
    log.write('first\n');
    log.write(Buffer.from('second\nthird\n'));
    await log.flush();
    assert.equal(await fs.readFile(file, 'utf8'), 'first\nsecond\nthird\n');
    assert.deepEqual(await fs.readdir(dir), ['base.log']);
  });

  it('rotates 5 000 lines over many files: nothing lost, no line split, every archive within bounds', async () => {
    const file = path.join(dir, 'base.log');
    const maxSize = 2000;
    const lines = numberedLines(5000, 120, 1);
    const longest = Math.max(...lines.map((line) => line.length));
    const log = await open(file, maxSize);
    const errors = collectErrors(log);
    const rotations: RotateEvent[] = [];
    log.on('rotate', (event) => rotations.push(event));

    // Several lines per write(), so rotation has to find line ends inside batches.
    const random = seededRandom(2);
    for (let i = 0; i < lines.length; ) {
      const count = 1 + Math.floor(random() * 40);
      log.write(lines.slice(i, i + count).join(''));
      i += count;
    }
    await log.flush();

    const series = await readLogSeries(file);
    assert.deepEqual(errors, []);
    assert.ok(series.archives.length > 100, `expected many rotations, got ${series.archives.length}`);
    assert.equal(series.archives.length, rotations.length);
    assert.deepEqual(
      rotations.map((event) => `${path.basename(event.archive)}.gz`),
      series.archives,
      'archives sort by name in the order they were written',
    );
    for (const name of series.archives) assert.match(name, ARCHIVE_NAME);
    assert.deepEqual(
      series.entries.filter((name) => !name.endsWith('.gz')),
      ['base.log'],
      'no uncompressed archive left',
    );
    assert.equal(series.all.toString(), lines.join(''));
    series.archiveContents.forEach((content, i) => {
      assert.ok(content.length >= maxSize, `archive ${i} has ${content.length} bytes, less than maxSize`);
      assert.ok(content.length < maxSize + longest, `archive ${i} has ${content.length} bytes, more than maxSize + a line`);
      assert.equal(content[content.length - 1], 0x0a, `archive ${i} ends with a whole line`);
    });
    assert.ok(series.live.length < maxSize);
  });

  it('puts each line in a file of its own when maxSize is smaller than a line', async () => {
    const file = path.join(dir, 'base.log');
    const lines = numberedLines(60, 30, 3);
    const log = await open(file, 5);
    log.write(lines.slice(0, 25).join(''));
    for (const line of lines.slice(25)) log.write(line);
    await log.flush();
    const series = await readLogSeries(file);
    assert.deepEqual(
      series.archiveContents.map((content) => content.toString()),
      lines,
    );
    assert.equal(series.live.length, 0);
  });

  it('appends to a file that exists before open, counting its size towards maxSize', async () => {
    const file = path.join(dir, 'base.log');
    const old = 'old line\n'.repeat(70); // 630 bytes
    await fs.writeFile(file, old);
    const log = await open(file, 1000);
    const lines = Array.from({ length: 20 }, (_, i) => `new ${String(i).padStart(2, '0')} ${'-'.repeat(90)}\n`); // 98 bytes each
    log.write(lines.join(''));
    await log.flush();
    const series = await readLogSeries(file);
    // 630 + 4 * 98 = 1022 is the first line end at or past 1000 bytes.
    assert.equal(series.archiveContents[0].toString(), old + lines.slice(0, 4).join(''));
    assert.equal(series.all.toString(), old + lines.join(''));
  });

  it('rotates a file already over maxSize at open before writing to it', async () => {
    const file = path.join(dir, 'base.log');
    const old = 'x'.repeat(2999) + '\n';
    await fs.writeFile(file, old);
    const log = await open(file, 1000);
    log.write('one\ntwo\nthree\n');
    await log.flush();
    const series = await readLogSeries(file);
    assert.deepEqual(
      series.archiveContents.map((content) => content.toString()),
      [old],
    );
    assert.equal(series.live.toString(), 'one\ntwo\nthree\n');
  });

  it('returns false above the high-water mark and emits drain once below it', async () => {
    const file = path.join(dir, 'base.log');
    const log = await open(file, 1_000_000, { highWaterMark: 1000 });
    const line = `${'y'.repeat(599)}\n`;
    assert.equal(log.write(line), true);
    assert.equal(log.write(line), false);
    assert.ok(log.pendingBytes > 1000);
    await once(log, 'drain');
    assert.ok(log.pendingBytes <= 1000);
    await log.flush();
    assert.equal(await fs.readFile(file, 'utf8'), line + line);
  });

  it('close flushes, gzips and closes; a write after close is an error event, not an exception', async () => {
    const file = path.join(dir, 'base.log');
    const log = await open(file, 100);
    const errors = collectErrors(log);
    const lines = numberedLines(50, 20, 4);
    log.write(lines.join(''));
    await log.close();
    const series = await readLogSeries(file);
    assert.equal(series.all.toString(), lines.join(''));
    assert.ok(series.entries.every((name) => name === 'base.log' || ARCHIVE_NAME.test(name)));
    assert.doesNotThrow(() => log.write('late\n'));
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /unable to write 5 bytes to .*base\.log: the log is closed/);
  });

  describe('failures', () => {
    it('emits an error and reopens when the directory disappears', async () => {
      const sub = path.join(dir, 'sub');
      const file = path.join(sub, 'base.log');
      const log = await open(file, 200);
      const errors = collectErrors(log);
      log.write('before\n');
      await log.flush();
      await fs.rm(sub, { recursive: true });

      // The open file is now unlinked: the rotation at 200 bytes finds nothing to rename.
      log.write(`${'a'.repeat(250)}\n`);
      await log.flush();
      assert.equal(errors.length, 1);
      assert.equal(errors[0].code, 'ENOENT');
      assert.match(errors[0].message, /^unable to rotate .*sub\/base\.log: ENOENT/);

      // From now on the log writes to a file reopened at the same path, and rotates again.
      const lines = numberedLines(20, 30, 5);
      log.write(lines.join(''));
      await log.flush();
      const series = await readLogSeries(file);
      assert.equal(series.all.toString(), lines.join(''));
      assert.ok(series.archives.length >= 1);
      assert.equal(errors.length, 1);
    });

    it('emits errors and keeps working when the file cannot be reopened, and recovers later', async () => {
      const sub = path.join(dir, 'sub');
      const file = path.join(sub, 'base.log');
      const log = await open(file, 100, { retryDelay: 20 });
      const errors = collectErrors(log);
      await fs.rm(sub, { recursive: true });
      await fs.writeFile(sub, 'a file where the directory was');

      assert.doesNotThrow(() => log.write(`${'b'.repeat(150)}\n`));
      await log.flush();
      assert.deepEqual(
        errors.map((error) => [error.message.replace(/:.*/, ''), error.code]),
        [
          [`unable to rotate ${file}`, 'ENOTDIR'],
          [`unable to reopen ${file}`, 'EEXIST'], // mkdir -p finds a file where the directory should be
        ],
      );

      // Once the path can be used again (and the retry delay has passed), output goes there.
      await fs.rm(sub);
      await sleep(50);
      log.write('after\n');
      await log.flush();
      assert.equal(errors.length, 3, errors.map((error) => error.message).join('\n'));
      assert.equal(await fs.readFile(file, 'utf8'), 'after\n');
      log.write(`${'c'.repeat(120)}\n`);
      await log.flush();
      const series = await readLogSeries(file);
      assert.equal(series.archives.length, 1);
      assert.equal(series.all.toString(), `after\n${'c'.repeat(120)}\n`);
    });

    it('emits write errors, keeps the output, drops what is beyond the high-water mark, and recovers', async () => {
      const file = path.join(dir, 'base.log');
      await fs.symlink('/dev/full', file); // every write fails with ENOSPC
      const log = await open(file, Infinity, { highWaterMark: 100, retryDelay: 10 });
      const errors = collectErrors(log);

      assert.equal(log.write('kept 1\n'), true);
      await waitFor(() => errors.length > 0, 'a write error');
      assert.equal(errors[0].code, 'ENOSPC');
      assert.match(errors[0].message, new RegExp(`^unable to write to ${file}: ENOSPC`));
      assert.equal(log.write('kept 2\n'), true);
      assert.equal(log.write(`${'z'.repeat(199)}\n`), true, 'a failing log does not hold writers back');
      assert.equal(log.write('kept 3\n'), true);

      await fs.unlink(file); // the retry now opens a regular file at the path
      await log.flush();
      assert.equal(await fs.readFile(file, 'utf8'), 'kept 1\nkept 2\nkept 3\n');
      const last = errors[errors.length - 1];
      assert.equal(last.message, `dropped 200 bytes of output for ${file} while it could not be written`);
      assert.ok(errors.slice(0, -1).every((error) => error.code === 'ENOSPC'));
    });

    it('close gives up on output that still cannot be written, and says so', async () => {
      const file = path.join(dir, 'base.log');
      await fs.symlink('/dev/full', file);
      const log = await open(file, Infinity, { retryDelay: 60_000 });
      const errors = collectErrors(log);
      log.write('lost\n');
      await waitFor(() => errors.length > 0, 'a write error');
      await log.close();
      assert.equal(errors[errors.length - 1].message, `dropped 5 bytes of output for ${file} at close`);
      assert.ok(errors.slice(0, -1).every((error) => error.code === 'ENOSPC'));
    });

    it('turns an error into a process warning when nobody listens, instead of crashing', async () => {
      const file = path.join(dir, 'base.log');
      await fs.symlink('/dev/full', file);
      const log = await open(file, Infinity, { retryDelay: 60_000 });
      const warning = once(process, 'warning');
      log.write('x\n');
      const [emitted] = (await warning) as [Error];
      assert.equal(emitted.name, 'LogError');
      assert.match(emitted.message, /ENOSPC/);
      log.on('error', () => undefined); // close() reports the dropped line
    });
  });
});
