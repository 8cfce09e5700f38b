import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { chooseArchiveName, formatArchiveName, nextTimestamp, pathExists } from '../../src/logs/archive-name';
import { makeTempDir, removeTempDir } from './support';

describe('logs/archive-name', () => {
  describe('formatArchiveName', () => {
    it('puts the timestamp between base and extension, as naught 1.6.0 did', () => {
      assert.equal(formatArchiveName('stdout.log', 1763700000000), 'stdout-1763700000000.log');
      assert.equal(formatArchiveName('/var/log/app/naught.log', 1763700000000), '/var/log/app/naught-1763700000000.log');
      assert.equal(formatArchiveName('log/app.out.txt', 1763700000000), 'log/app.out-1763700000000.txt');
    });

    it('follows path.extname for names without or with an empty extension', () => {
      assert.equal(formatArchiveName('log/stderr/b', 1763700000000), 'log/stderr/b-1763700000000');
      assert.equal(formatArchiveName('c.', 1763700000000), 'c-1763700000000.');
      assert.equal(formatArchiveName('/tmp/.hidden', 1763700000000), '/tmp/.hidden-1763700000000');
    });
  });

  describe('nextTimestamp', () => {
    it('uses the clock when it has moved on', () => {
      assert.equal(nextTimestamp(1000, 1005), 1005);
    });

    it('uses the last timestamp plus one when the clock has not moved or went back', () => {
      assert.equal(nextTimestamp(1000, 1000), 1001);
      assert.equal(nextTimestamp(1000, 900), 1001);
    });
  });

  describe('chooseArchiveName (real files)', () => {
    let dir: string;
    beforeEach(async () => {
      dir = await makeTempDir();
    });
    afterEach(async () => {
      await removeTempDir(dir);
    });

    it('takes the clock time when that name is free', async () => {
      const chosen = await chooseArchiveName(path.join(dir, 'base.log'), 0, 1763700000000);
      assert.deepEqual(chosen, { archivePath: path.join(dir, 'base-1763700000000.log'), timestamp: 1763700000000 });
    });

    it('skips names whose archive or .gz already exists', async () => {
      await fs.writeFile(path.join(dir, 'base-1763700000000.log'), 'x');
      await fs.writeFile(path.join(dir, 'base-1763700000001.log.gz'), 'x');
      const chosen = await chooseArchiveName(path.join(dir, 'base.log'), 0, 1763700000000);
      assert.deepEqual(chosen, { archivePath: path.join(dir, 'base-1763700000002.log'), timestamp: 1763700000002 });
    });

    it('keeps timestamps strictly increasing when rotations happen in the same millisecond', async () => {
      const file = path.join(dir, 'base.log');
      let last = 0;
      const names: string[] = [];
      for (let i = 0; i < 5; i++) {
        const chosen = await chooseArchiveName(file, last, 1763700000000);
        assert.ok(chosen.timestamp > last);
        last = chosen.timestamp;
        names.push(path.basename(chosen.archivePath));
      }
      assert.deepEqual(names, [0, 1, 2, 3, 4].map((i) => `base-${1763700000000 + i}.log`));
      assert.deepEqual([...names].sort(), names, 'names sort in rotation order');
    });

    it('pathExists sees files and dangling symlinks, and not missing paths', async () => {
      await fs.symlink(path.join(dir, 'nowhere'), path.join(dir, 'dangling'));
      assert.equal(await pathExists(path.join(dir, 'dangling')), true);
      assert.equal(await pathExists(path.join(dir, 'missing')), false);
      await fs.writeFile(path.join(dir, 'file'), '');
      assert.equal(await pathExists(path.join(dir, 'file', 'below')), false);
    });
  });
});
