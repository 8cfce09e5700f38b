/**
 * The fixture folder of the manual holds the manual's own code: each file of
 * docs/walkthroughs/myapp/ is one of docs/naught-core.md's ```js blocks, byte
 * for byte, so that the checked sessions run what a reader saves.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readFencedBlocks, REPO_ROOT } from '../../../chapters/shared/walkthrough';
import { WALKTHROUGHS_DIR } from './blocks';

describe('docs/walkthroughs/myapp: the files are the manual\'s code blocks', function () {
  const manualBlocks = readFencedBlocks(path.join(REPO_ROOT, 'docs', 'naught-core.md'))
    .filter((block) => block.language === 'js')
    .map((block) => `${block.body}\n`);
  const fixtureDir = path.join(WALKTHROUGHS_DIR, 'myapp');

  for (const name of fs.readdirSync(fixtureDir).sort()) {
    it(`${name} is a \`\`\`js block of docs/naught-core.md`, function () {
      const content = fs.readFileSync(path.join(fixtureDir, name), 'utf8');
      assert.ok(manualBlocks.includes(content), `docs/walkthroughs/myapp/${name} differs from every js block of the manual`);
    });
  }
});
