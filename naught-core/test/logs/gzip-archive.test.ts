import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { gzipArchive } from '../../src/logs/gzip-archive';
import { makeTempDir, removeTempDir } from './support';

describe('logs/gzipArchive', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(async () => {
    await removeTempDir(dir);
  });

  it('replaces the archive by a .gz that reads back to exactly the same bytes', async () => {
    const archive = path.join(dir, 'out-1763700000000.log');
    const content = Buffer.concat([randomBytes(300_000), Buffer.from('text line\n'.repeat(50_000))]);
    await fs.writeFile(archive, content);
    assert.equal(await gzipArchive(archive), `${archive}.gz`);
    assert.deepEqual(await fs.readdir(dir), ['out-1763700000000.log.gz']);
    assert.ok(gunzipSync(await fs.readFile(`${archive}.gz`)).equals(content));
  });

  it('never overwrites an existing .gz and keeps the archive when it cannot gzip it', async () => {
    const archive = path.join(dir, 'out-1763700000000.log');
    await fs.writeFile(archive, 'new\n');
    await fs.writeFile(`${archive}.gz`, 'someone else');
    await assert.rejects(gzipArchive(archive), { code: 'EEXIST' });
    assert.equal(await fs.readFile(`${archive}.gz`, 'utf8'), 'someone else');
    assert.equal(await fs.readFile(archive, 'utf8'), 'new\n');
  });

  it('leaves no partial .gz behind when the archive is missing', async () => {
    const archive = path.join(dir, 'gone-1763700000000.log');
    await assert.rejects(gzipArchive(archive), { code: 'ENOENT' });
    assert.deepEqual(await fs.readdir(dir), []);
  });
});
