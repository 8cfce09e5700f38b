/** The output rules of the convention (docs/walkthroughs/README.md, "Output"). */
import * as assert from 'node:assert/strict';
import { matchesExpected, normalizeLines } from '../runner/match';

function matches(expected: string, printed: string): boolean {
  return matchesExpected(normalizeLines(expected.split('\n')), normalizeLines(printed.split('\n')));
}

describe('docs/walkthroughs runner: holding output to the text', function () {
  it('compares every line: a missing, extra or changed line fails', function () {
    assert.ok(matches('a\nb', 'a\nb'));
    assert.ok(!matches('a\nb', 'a'));
    assert.ok(!matches('a', 'a\nb'));
    assert.ok(!matches('workers online: 2', 'workers online: 1'));
  });

  it('`...` in a line stands for any text, and only there', function () {
    assert.ok(matches('worker 0: pid ..., up ... s', 'worker 0: pid 4105, up 2.5 s'));
    assert.ok(!matches('worker 0: pid ..., up ... s', 'worker 1: pid 4105, up 2.5 s'));
    assert.ok(!matches('size 1.5 MiB', 'size 1x5 MiB'), 'a dot is a dot');
  });

  it('a line that is only `...` stands for any number of lines, none included', function () {
    assert.ok(matches('first\n...\nlast', 'first\nlast'));
    assert.ok(matches('first\n...\nlast', 'first\n1\n2\n3\nlast'));
    assert.ok(!matches('first\n...\nlast', 'first\n1\n2'));
  });

  it('runs of blanks are one space; trailing blanks and blank lines at the end do not count; other blank lines do', function () {
    assert.ok(matches('0      4105  online', '0 4105\tonline  '));
    assert.ok(matches('a\n', 'a\n\n\n'));
    assert.ok(!matches('a\n\nb', 'a\nb'));
  });
});
