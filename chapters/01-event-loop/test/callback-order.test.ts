import * as assert from 'node:assert/strict';
import { assertPrintsLikeReadme } from '../../shared/readme';
import { CHAPTER_DIR, runExample, section } from './run-example';

/** "  9 x sync nextTick ..." lines -> [count, order[]] */
function parseCounts(lines: string[]): Array<[number, string[]]> {
  return lines.map((line) => {
    const match = /^ *(\d+) x (.+)$/.exec(line);
    assert.ok(match, line);
    return [Number(match[1]), (match[2] as string).split(' ')];
  });
}

describe('03-callback-order: sync, nextTick, promise, setTimeout(0), setImmediate, I/O', function () {
  let stdout = '';

  before(async function () {
    const run = await runExample('03-callback-order.ts');
    assert.equal(run.code, 0, run.stderr);
    stdout = run.stdout;
  });

  it('prints what README.md shows, the orders that race aside', function () {
    assertPrintsLikeReadme(CHAPTER_DIR, '03-callback-order.ts', stdout);
  });

  it('main module (CommonJS): sync, then nextTick, then promise, then the rest; timeout and immediate in either order', function () {
    const counts = parseCounts(section(stdout, '== 1.'));
    assert.equal(counts.reduce((sum, [count]) => sum + count, 0), 20);
    for (const [, order] of counts) {
      assert.deepEqual([...order].sort(), ['immediate', 'io', 'nextTick', 'promise', 'sync', 'timeout'], order.join(' '));
      assert.deepEqual(order.slice(0, 3), ['sync', 'nextTick', 'promise'], order.join(' '));
    }
  });

  it('top level run through tsx: sync first, both kinds of microtask before timers and immediates', function () {
    const [[count, order]] = parseCounts(section(stdout, '== 2.')) as [[number, string[]]];
    assert.equal(count, 1);
    assert.equal(order[0], 'sync');
    assert.deepEqual(order.slice(1, 3).sort(), ['nextTick', 'promise']);
    assert.deepEqual(order.slice(3).sort(), ['immediate', 'timeout']);
  });

  it('inside an I/O callback: always sync, nextTick, promise, immediate, timeout', function () {
    assert.deepEqual(parseCounts(section(stdout, '== 3.')), [[20, ['sync', 'nextTick', 'promise', 'immediate', 'timeout']]]);
  });
});
