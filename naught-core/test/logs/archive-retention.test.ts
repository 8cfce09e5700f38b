import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { listArchives } from '../../src/logs/archive-list';
import { parseArchiveName } from '../../src/logs/archive-name';
import { pruneArchives } from '../../src/logs/archive-retention';
import type { LogError } from '../../src/logs/log-error';
import { RotatingLog, type PruneEvent, type RotateEvent } from '../../src/logs/rotating-log';
import { makeTempDir, readLogSeries, removeTempDir } from './support';

const T = 1763700000000;

async function touch(dir: string, ...names: string[]): Promise<void> {
  for (const name of names) await fs.writeFile(path.join(dir, name), `${name}\n`);
}

describe('logs/archive retention (--max-log-files)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(async () => {
    await removeTempDir(dir);
  });

  describe('parseArchiveName and listArchives', () => {
    it('recognises only this log’s archives, with 13 or more digits, gzipped or not', () => {
      const file = '/var/log/app/stdout.log';
      assert.deepEqual(parseArchiveName(file, `stdout-${T}.log.gz`), { timestamp: T, gzipped: true });
      assert.deepEqual(parseArchiveName(file, `stdout-${T}.log`), { timestamp: T, gzipped: false });
      for (const other of ['stdout.log', 'stdout-2.log', `stdout-${T}.log.gz.tmp`, `stderr-${T}.log.gz`, `stdout-${T}.txt`, `xstdout-${T}.log`, `stdout-${T}-1.log`]) {
        assert.equal(parseArchiveName(file, other), null, other);
      }
      // names as formatArchiveName makes them for files without or with odd extensions
      assert.deepEqual(parseArchiveName('/logs/b', `b-${T}.gz`), { timestamp: T, gzipped: true });
      assert.deepEqual(parseArchiveName('/logs/c.', `c-${T}..gz`), { timestamp: T, gzipped: true });
      assert.deepEqual(parseArchiveName('/logs/a+b(1).log', `a+b(1)-${T}.log`), { timestamp: T, gzipped: false }, 'regular expression characters in the name');
    });

    it('lists one archive per rotation, oldest first, telling which forms are there', async () => {
      await touch(dir, 'stdout.log', `stdout-${T + 10}.log.gz`, `stdout-${T + 2}.log`, `stdout-${T + 2}.log.gz`, `stdout-${T}.log.gz`, 'stdout-2.log', `stderr-${T}.log.gz`);
      const archives = await listArchives(path.join(dir, 'stdout.log'));
      assert.deepEqual(
        archives.map((a) => [a.timestamp, path.basename(a.plainPath), path.basename(a.gzPath), a.hasPlain, a.hasGz]),
        [
          [T, `stdout-${T}.log`, `stdout-${T}.log.gz`, false, true],
          [T + 2, `stdout-${T + 2}.log`, `stdout-${T + 2}.log.gz`, true, true],
          [T + 10, `stdout-${T + 10}.log`, `stdout-${T + 10}.log.gz`, false, true],
        ],
      );
      assert.deepEqual(await listArchives(path.join(dir, 'missing', 'stdout.log')), [], 'no directory, no archives');
    });
  });

  describe('pruneArchives', () => {
    it('deletes the oldest beyond N (both forms of one rotation), never a busy one, and nothing else', async () => {
      await touch(dir, 'stdout.log', 'stdout-2.log', `stderr-${T}.log.gz`);
      await touch(dir, `stdout-${T}.log.gz`, `stdout-${T + 1}.log`, `stdout-${T + 1}.log.gz`, `stdout-${T + 2}.log`, `stdout-${T + 3}.log.gz`, `stdout-${T + 4}.log.gz`);
      const file = path.join(dir, 'stdout.log');
      const busy = path.join(dir, `stdout-${T + 2}.log`);
      const deleted = await pruneArchives(file, 2, (plain) => plain === busy);
      assert.deepEqual(
        deleted.map((p) => path.basename(p)),
        [`stdout-${T}.log.gz`, `stdout-${T + 1}.log`, `stdout-${T + 1}.log.gz`, `stdout-${T + 3}.log.gz`],
        'the two oldest, then the busy one is skipped and the next oldest goes',
      );
      assert.deepEqual((await fs.readdir(dir)).sort(), [`stderr-${T}.log.gz`, `stdout-${T + 2}.log`, `stdout-${T + 4}.log.gz`, 'stdout-2.log', 'stdout.log']);
      assert.deepEqual(await pruneArchives(file, 2, () => false), [], 'two left: nothing more to delete');
    });
  });

  describe('RotatingLog maxArchives', () => {
    it('refuses a maxArchives that is not a positive whole number', async () => {
      for (const bad of [0, -1, 1.5, Number.NaN]) {
        await assert.rejects(RotatingLog.open(path.join(dir, 'x.log'), 100, { maxArchives: bad }), RangeError, String(bad));
      }
    });

    it('keeps the newest N archives after many rotations: the last lines, whole, all gzipped', async () => {
      const file = path.join(dir, 'base.log');
      const log = await RotatingLog.open(file, 500, { maxArchives: 3 });
      const errors: LogError[] = [];
      const rotations: RotateEvent[] = [];
      const prunes: PruneEvent[] = [];
      log.on('error', (error) => errors.push(error));
      log.on('rotate', (event) => rotations.push(event));
      log.on('prune', (event) => prunes.push(event));
      const lines = Array.from({ length: 1000 }, (_, i) => `line ${String(i).padStart(4, '0')} ${'.'.repeat(i % 40)}\n`);
      for (let i = 0; i < lines.length; i += 7) log.write(lines.slice(i, i + 7).join(''));
      await log.close();

      assert.deepEqual(errors, []);
      assert.ok(rotations.length > 20, `many rotations (${rotations.length})`);
      const series = await readLogSeries(file);
      assert.equal(series.archives.length, 3, `3 archives kept: ${series.entries.join(' ')}`);
      assert.deepEqual(series.entries.filter((name) => !name.endsWith('.gz')), ['base.log'], 'nothing uncompressed left');
      assert.deepEqual(
        series.archives,
        rotations.slice(-3).map((event) => `${path.basename(event.archive)}.gz`),
        'the three newest rotations are the ones kept',
      );
      const kept = series.all.toString();
      assert.ok(lines.join('').endsWith(kept), 'what is kept is the end of the output, in order, nothing missing in between');
      assert.ok(kept.startsWith('line '), 'it starts on a whole line');
      const deleted = prunes.flatMap((event) => event.deleted.map((file) => path.basename(file)));
      assert.deepEqual(
        deleted,
        rotations.slice(0, -3).map((event) => `${path.basename(event.archive)}.gz`),
        'every older archive was deleted once, oldest first, as a .gz',
      );
    });

    it('counts the archives of an earlier run of the log too', async () => {
      const file = path.join(dir, 'base.log');
      for (let i = 0; i < 5; i += 1) await fs.writeFile(path.join(dir, `base-${T + i}.log.gz`), gzipSync(`old ${i}\n`));
      const log = await RotatingLog.open(file, 10, { maxArchives: 2 });
      log.write('a new line to rotate\n');
      await log.close();
      const series = await readLogSeries(file);
      assert.equal(series.archives.length, 2);
      assert.equal(series.archives[0], `base-${T + 4}.log.gz`, 'the newest old archive stays');
      assert.deepEqual(
        series.archiveContents.map((content) => content.toString()),
        ['old 4\n', 'a new line to rotate\n'],
      );
    });

    it('keeps every archive by default', async () => {
      const file = path.join(dir, 'base.log');
      const log = await RotatingLog.open(file, 10);
      for (let i = 0; i < 30; i += 1) log.write(`line number ${i}\n`);
      await log.close();
      assert.equal((await readLogSeries(file)).archives.length, 30);
    });
  });
});
