/**
 * Every ```sh check DIR and ```sh check-in-repo block of the READMEs and of
 * docs/, run as written: one test per block, named by file and line.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { parseSession, runBlockInCopy, runBlockInRepository } from '../../../chapters/shared/walkthrough';
import { blockName, shellBlocks, WALKTHROUGHS_DIR } from './blocks';

describe('docs/walkthroughs: the shell blocks run as the text shows them', function () {
  for (const shellBlock of shellBlocks()) {
    const { tag } = shellBlock;
    if (tag.kind !== 'check' && tag.kind !== 'check-in-repo') continue;
    const name = blockName(shellBlock);
    const where = tag.kind === 'check' ? `in a copy of docs/walkthroughs/${tag.dir}/` : 'in the repository';
    it(`${name}, ${where}`, async function () {
      const steps = parseSession(shellBlock.block.body);
      const results =
        tag.kind === 'check' ? await runBlockInCopy(steps, path.join(WALKTHROUGHS_DIR, tag.dir), name) : await runBlockInRepository(steps, name);
      assert.deepEqual(
        results.map((result) => result.command.length > 0),
        steps.map(() => true),
        'every command of the block ran',
      );
    });
  }
});
