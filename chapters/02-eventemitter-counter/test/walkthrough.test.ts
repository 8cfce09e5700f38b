import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { runWalkthrough } from '../../shared/walkthrough';
import { CHAPTER_DIR } from './run';

describe('chapter 2: deploy walkthrough', () => {
  it("runs the README's walkthrough: two workers, two counters; after the deploy the new step is served from a fresh count", async () => {
    const results = await runWalkthrough(path.join(CHAPTER_DIR, 'README.md'), path.join(CHAPTER_DIR, 'deploy'));
    const commands = results.map((result) => result.command);
    assert.ok(commands.some((command) => command.startsWith('naught deploy')));
    assert.equal(commands[commands.length - 1], 'naught stop');
  });
});
