import * as assert from 'node:assert/strict';
import { assertPrintsLikeReadme } from '../../shared/readme';
import { CHAPTER_DIR, runExample, section } from './run-example';

describe('02-concurrent-reads: three readFile calls in flight at once', function () {
  let stdout = '';

  before(async function () {
    const run = await runExample('02-concurrent-reads.ts');
    assert.equal(run.code, 0, run.stderr);
    stdout = run.stdout;
  });

  it('prints what README.md shows, the times and the finishing orders aside', function () {
    assertPrintsLikeReadme(CHAPTER_DIR, '02-concurrent-reads.ts', stdout);
  });

  it('issues all three reads before any of them finishes, and all three finish', function () {
    const lines = section(stdout, '== three readFile calls');
    const issued = lines.map((line, index) => (line.startsWith('issued') ? index : -1)).filter((index) => index >= 0);
    const finished = lines.filter((line) => line.startsWith('finished'));
    assert.equal(issued.length, 3, stdout);
    const firstFinished = lines.findIndex((line) => line.startsWith('finished'));
    assert.ok(Math.max(...issued) < firstFinished, stdout);
    assert.deepEqual(finished.map((line) => line.split(' ')[1]).sort(), ['a.txt', 'b.txt', 'c.txt']);
    for (const line of finished) assert.match(line, /\(2097152 bytes\)/);
  });

  it('counts 20 more rounds, each finishing in some order of a, b and c', function () {
    const lines = section(stdout, '== the same three reads');
    let total = 0;
    for (const line of lines) {
      const match = /^ *(\d+) x ([abc]) ([abc]) ([abc])$/.exec(line);
      assert.ok(match, line);
      assert.deepEqual([match[2], match[3], match[4]].sort(), ['a', 'b', 'c']);
      total += Number(match[1]);
    }
    assert.equal(total, 20);
  });

  it('reads a, b, c in the order of the code with readFileSync', function () {
    const lines = section(stdout, '== readFileSync');
    assert.deepEqual(lines.map((line) => line.split(' ')[1]), ['a.txt', 'b.txt', 'c.txt']);
  });

  it('reads all three with fs/promises and Promise.all', function () {
    assert.match(section(stdout, '== today')[0] as string, /^3 files, 6291456 bytes/);
  });
});
