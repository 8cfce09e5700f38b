import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { runRotation } from '../examples/06-naught-log-rotation';
import { assertPrintsLikeReadme, runExample } from './support';

/** SIGKILL, by PID, whatever still runs from `dir` (a daemon left by a failed test). */
function killLeftovers(dir: string): void {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cwd = fs.readlinkSync(`/proc/${entry}/cwd`);
      if (cwd === dir || cwd.startsWith(dir + path.sep)) process.kill(Number(entry), 'SIGKILL');
    } catch {
      // gone, or not ours
    }
  }
}

describe('03-streams / 06 naught-core rotates its logs and gzips them with pipeline', () => {
  it('runs and prints what the README shows (archive names carry the time, gzip sizes vary)', async () => {
    const run = await runExample('06-naught-log-rotation.ts');
    assert.equal(run.code, 0, run.stderr);
    assertPrintsLikeReadme('06-naught-log-rotation.ts', run.stdout, [/stdout-\d+\.log\.gz/g, /\s*\d+ bytes on disk/g]);
  });

  it('every rotated file is a .gz that gunzips to whole lines; together with stdout.log, all 200 in order', async () => {
    const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'ch03-test-'));
    try {
      const { files, leftovers } = await runRotation(dir);
      assert.deepEqual(leftovers, []);
      const archives = files.slice(0, -1);
      assert.ok(archives.length >= 2, `${archives.length} archives`);
      for (const archive of archives) {
        assert.match(archive.name, /^stdout-\d+\.log\.gz$/);
        assert.ok(archive.lines.length > 0);
      }
      const all = files.flatMap((file) => file.lines);
      assert.deepEqual(all, Array.from({ length: 200 }, (_, i) => `line ${String(i + 1).padStart(3)} ${'x'.repeat(40)}`));
      assert.equal(fs.existsSync(path.join(dir, 'naught.ipc')), false, 'naught stop removed the socket');
    } finally {
      killLeftovers(dir);
      await fsp.rm(dir, { recursive: true, force: true });
    }
  });
});
