import * as assert from 'node:assert/strict';
import { linesOf, readmeOutput, runExample } from './run';

describe('chapter 7: the examples print what the README shows', function () {
  for (const name of ['01-counter-cli', '02-callbacks-and-promises', '03-stream-methods', '04-five-at-once', '05-foreground']) {
    it(name, async () => {
      const run = await runExample(name);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stderr, '');
      assert.deepEqual(linesOf(run.stdout), readmeOutput(name));
    });
  }
});
