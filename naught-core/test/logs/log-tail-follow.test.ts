import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { LastLines } from '../../src/logs/last-lines';
import { LogFollower } from '../../src/logs/log-follow';
import { readLastLines } from '../../src/logs/log-tail';
import { openLiveLog } from '../../src/logs/live-log';
import { RotatingLog } from '../../src/logs/rotating-log';
import { makeTempDir, removeTempDir, seededRandom } from './support';

const T = 1763700000000;

/** `count` numbered lines, some far longer than a 64 KB read. */
function makeLines(count: number, seed: number): string[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const roll = random();
    const length = roll < 0.01 ? 70_000 + Math.floor(random() * 70_000) : roll < 0.1 ? 0 : Math.floor(random() * 200);
    return `${i}:${'x'.repeat(length)}\n`;
  });
}

describe('logs/tail and follow (naught logs)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(async () => {
    await removeTempDir(dir);
  });

  describe('LastLines', () => {
    it('keeps the last N complete lines of chunks cut anywhere, and nothing for N = 0', () => {
      const text = 'one\ntwo\nthree\nfour\nunfinished';
      for (const limit of [0, 1, 2, 4, 10]) {
        for (let cut = 0; cut <= text.length; cut += 1) {
          const last = new LastLines(limit);
          last.push(Buffer.from(text.slice(0, cut)));
          last.push(Buffer.from(text.slice(cut)));
          const all = ['one\n', 'two\n', 'three\n', 'four\n'];
          assert.deepEqual(last.take().map(String), all.slice(Math.max(0, all.length - limit)).slice(0, limit), `limit ${limit}, cut ${cut}`);
        }
      }
    });
  });

  describe('readLastLines', () => {
    it('takes the last N lines from the live file and then gzipped and plain archives, long lines and block edges included', async () => {
      const lines = makeLines(3000, 7);
      const file = path.join(dir, 'app.log');
      // Three archives (two gzipped, the newest not yet), then the live file, which ends with a line being written.
      await fs.writeFile(path.join(dir, `app-${T}.log.gz`), gzipSync(lines.slice(0, 800).join('')));
      await fs.writeFile(path.join(dir, `app-${T + 5}.log.gz`), gzipSync(lines.slice(800, 1500).join('')));
      await fs.writeFile(path.join(dir, `app-${T + 9}.log`), lines.slice(1500, 2200).join(''));
      await fs.writeFile(file, `${lines.slice(2200).join('')}half a li`);
      for (const count of [0, 1, 7, 799, 800, 801, 1500, 2999, 3000, 10_000]) {
        const live = await openLiveLog(file);
        const tail = await readLastLines(live, count);
        await live.handle?.close();
        assert.equal(Buffer.concat(tail.lines).toString(), lines.slice(Math.max(0, lines.length - count)).join(''), `the last ${count} lines`);
        assert.equal(tail.partial.toString(), 'half a li');
        assert.equal(tail.offset, Buffer.byteLength(lines.slice(2200).join('')), 'following goes on after the last whole line');
        assert.deepEqual(tail.missing, []);
      }
    });

    it('reads archives alone when there is no live file', async () => {
      await fs.writeFile(path.join(dir, `app-${T}.log.gz`), gzipSync('a\nb\n'));
      const live = await openLiveLog(path.join(dir, 'app.log'));
      assert.equal(live.handle, null);
      assert.equal(Buffer.concat((await readLastLines(live, 1)).lines).toString(), 'b\n');
    });
  });

  describe('LogFollower', () => {
    it('sees every line once, in order, while a RotatingLog rotates hundreds of times and gzips behind it', async function () {
      this.timeout(60_000);
      const file = path.join(dir, 'stdout.log');
      const log = await RotatingLog.open(file, 3000);
      const lines = makeLines(4000, 11).map((line, i) => (line.length > 300 ? `${i}:long\n` : line));
      log.write(lines.slice(0, 100).join(''));
      await log.flush();

      const live = await openLiveLog(file);
      const tail = await readLastLines(live, 10);
      const seen: Buffer[] = [...tail.lines];
      const notices: string[] = [];
      let failure: Error | null = null;
      const follower = new LogFollower(file, live, tail.offset, { onLines: (chunk) => void seen.push(chunk), onNotice: (m) => notices.push(m), onError: (e) => (failure = e) }, 5);
      follower.start();
      const random = seededRandom(3);
      for (let i = 100; i < lines.length; ) {
        const count = 1 + Math.floor(random() * 60);
        log.write(lines.slice(i, i + count).join(''));
        i += count;
        if (random() < 0.3) await sleep(Math.floor(random() * 15));
      }
      await log.close();
      const expected = lines.slice(90).join('');
      const deadline = Date.now() + 20_000;
      while (Buffer.concat(seen).length < Buffer.byteLength(expected) && Date.now() < deadline && failure === null) await sleep(20);
      await follower.stop();
      assert.equal(failure, null);
      assert.deepEqual(notices, []);
      assert.equal(Buffer.concat(seen).toString(), expected);
      const archives = (await fs.readdir(dir)).filter((name) => name.endsWith('.gz'));
      assert.ok(archives.length > 100, `it rotated many times (${archives.length})`);
    });
  });
});
