import * as assert from 'node:assert/strict';
import { assertPrintsLikeReadme } from '../../shared/readme';
import { CHAPTER_DIR, runExample } from './run-example';

/** The rows of the first table: label -> ns per access. */
function parseRows(stdout: string): Map<string, number> {
  const rows = new Map<string, number>();
  for (const line of stdout.split('\n')) {
    const match = /^ {2}(\S.*?) {2,}([\d,]+\.\d) +[\d,]+$/.exec(line);
    if (match) rows.set(match[1] as string, Number((match[2] as string).replace(/,/g, '')));
  }
  return rows;
}

function row(rows: Map<string, number>, prefix: string): number {
  const found = [...rows].find(([label]) => label.startsWith(prefix));
  assert.ok(found, `no row starting with "${prefix}" in ${JSON.stringify([...rows.keys()])}`);
  return found[1];
}

describe('01-latency: the latency table, measured', function () {
  let stdout = '';
  let rows = new Map<string, number>();

  before(async function () {
    const run = await runExample('01-latency.ts');
    assert.equal(run.code, 0, run.stderr);
    stdout = run.stdout;
    rows = parseRows(stdout);
  });

  it('prints what README.md shows, the measured figures aside', function () {
    assertPrintsLikeReadme(CHAPTER_DIR, '01-latency.ts', stdout);
  });

  it('prints a measured row for every kind of access, and the book\'s table', function () {
    for (const prefix of ['L1 cache', 'L2 cache', 'RAM', 'file: 4 KB readSync', 'file: 4 KB fs.read', 'network', 'disk']) {
      assert.ok(row(rows, prefix) > 0, prefix);
    }
    assert.match(stdout, /network +240,000,000 +80,000,000/);
  });

  // Only orderings that physics guarantees, each with a wide margin: never a number of ns.
  it('a random read in a 64 MB array is slower than one in a 16 KB array (RAM vs L1)', function () {
    assert.ok(row(rows, 'RAM') > 3 * row(rows, 'L1 cache'), stdout);
    assert.ok(row(rows, 'RAM') > 2 * row(rows, 'L2 cache'), stdout);
  });

  it('a file read, even from the page cache, is slower than an in-cache array access', function () {
    assert.ok(row(rows, 'file: 4 KB readSync') > 10 * row(rows, 'L1 cache'), stdout);
  });

  it('a loopback TCP round trip is slower than an in-cache access and than a RAM access', function () {
    assert.ok(row(rows, 'network') > 100 * row(rows, 'L1 cache'), stdout);
    assert.ok(row(rows, 'network') > 5 * row(rows, 'RAM'), stdout);
  });
});
