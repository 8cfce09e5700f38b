/**
 * The meta-check: every shell block of the top-level README, the chapter
 * READMEs and docs/ says what is done with it (docs/walkthroughs/README.md),
 * and the blocks that are not run are listed with their reasons.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../../../chapters/shared/walkthrough';
import { blockName, parseTag, problemWith, shellBlocks, type ShellBlock } from './blocks';

function syntheticBlock(file: string, tags: string, body: string): ShellBlock {
  const block = { line: 1, language: 'sh', tags, body };
  return { file, block, tag: parseTag(tags) };
}

describe('docs/walkthroughs: every shell block of the READMEs and docs/ is accounted for', function () {
  const blocks = shellBlocks();

  it('every ```sh, ```bash, ```shell and ```console block carries a tag the runner knows, and a runnable body', function () {
    const problems = blocks.map((block) => [blockName(block), problemWith(block)] as const).filter(([, problem]) => problem !== null);
    assert.deepEqual(problems.map(([name, problem]) => `${name}: ${problem}`), []);
    assert.ok(blocks.some((block) => block.file === 'docs/naught-core.md'), 'the manual was scanned');
  });

  it('flags an untagged block, an unknown tag, a missing fixture, a reasonless no-check, a walkthrough outside a chapter', function () {
    assert.match(problemWith(syntheticBlock('docs/x.md', '', '$ true')) ?? '', /no tag/);
    assert.match(problemWith(syntheticBlock('docs/x.md', 'checked myapp', '$ true')) ?? '', /no tag/);
    assert.match(problemWith(syntheticBlock('docs/x.md', 'check no-such-fixture', '$ true')) ?? '', /no fixture folder/);
    assert.match(problemWith(syntheticBlock('docs/x.md', 'no-check slow', 'make bench')) ?? '', /reason/);
    assert.match(problemWith(syntheticBlock('docs/x.md', 'walkthrough', '$ true')) ?? '', /chapter READMEs/);
    assert.match(problemWith(syntheticBlock('docs/x.md', 'check myapp', 'printed\n$ true')) ?? '', /output before the first command/);
    assert.equal(problemWith(syntheticBlock('docs/x.md', 'check myapp', '$ naught version\n2.0.0')), null);
  });

  it('each chapter README has exactly one ```sh walkthrough block, and a chapter test runs it', function () {
    const chapters = fs.readdirSync(path.join(REPO_ROOT, 'chapters')).filter((name) => /^\d\d-/.test(name));
    assert.ok(chapters.length > 0);
    for (const chapter of chapters) {
      const file = `chapters/${chapter}/README.md`;
      const walkthroughs = blocks.filter((block) => block.file === file && block.tag.kind === 'walkthrough');
      assert.equal(walkthroughs.length, 1, `${file}: ${walkthroughs.length} walkthrough blocks`);
      const testDir = path.join(REPO_ROOT, 'chapters', chapter, 'test');
      const testFiles = fs.readdirSync(testDir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.ts'));
      const callers = testFiles.filter((name) => fs.readFileSync(path.join(testDir, name), 'utf8').includes('runWalkthrough('));
      assert.ok(callers.length > 0, `no test of ${chapter} calls runWalkthrough`);
    }
  });

  it('the blocks that are not run are few, and each says why (listed below)', function () {
    const skipped = blocks.filter((block) => block.tag.kind === 'no-check');
    const run = blocks.filter((block) => block.tag.kind !== 'no-check');
    for (const block of skipped) console.log(`      not run: ${blockName(block)}: ${block.tag.kind === 'no-check' ? block.tag.reason : ''}`);
    assert.ok(skipped.length < run.length, `${skipped.length} blocks are not run, ${run.length} are: no-check is meant to be rare`);
  });
});
