/**
 * The meta-check of the chapters' example runs: every ```text block of a
 * chapter README that starts with `$ ` (or is tagged output-of FILE) is
 * compared with a real run by a chapter test, or says why not
 * (docs/walkthroughs/README.md, "Example runs in the chapters").
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { blockProblem, chapterNames, chapterTestDir, comparingTestFile, exampleBlocks, readingTestFiles, sharedReaders, type ExampleBlock } from './example-blocks';

function syntheticBlock(tags: string, body: string, example: string | null): ExampleBlock {
  const [word = '', ...rest] = tags.split(/\s+/);
  return {
    chapter: '01-event-loop',
    name: 'synthetic',
    block: { line: 1, language: 'text', tags, body },
    noCheckReason: word === 'no-check' ? rest.join(' ') : null,
    example,
  };
}

describe('docs/walkthroughs: every example run a chapter README shows is compared by a chapter test', function () {
  const chapters = chapterNames();
  const blocks = chapters.flatMap((chapter) => exampleBlocks(chapter));

  it('finds the blocks, and the README readers of chapters/shared/readme.ts', function () {
    assert.ok(chapters.length >= 8, chapters.join(' '));
    assert.ok(blocks.length >= 30, `only ${blocks.length} blocks found`);
    const readers = sharedReaders();
    for (const name of ['readCommandBlock', 'readOutputOfBlock', 'assertPrintsLikeReadme']) assert.ok(readers.has(name), name);
    for (const name of ['linesOf', 'printsLikeReadme']) assert.ok(!readers.has(name), `${name} does not read a README`);
  });

  it('each block names an example of its chapter (or is tagged no-check REASON)', function () {
    const problems = blocks.map((block) => [block.name, blockProblem(block)] as const).filter(([, problem]) => problem !== null);
    assert.deepEqual(problems.map(([name, problem]) => `${name}: ${problem}`), []);
  });

  it('each block is read by a test of its chapter that names its example', function () {
    const missing: string[] = [];
    for (const chapter of chapters) {
      const readingFiles = readingTestFiles(chapterTestDir(chapter));
      // Blocks without a valid example name are the previous test's failures.
      for (const block of exampleBlocks(chapter).filter((candidate) => candidate.noCheckReason === null && blockProblem(candidate) === null)) {
        if (comparingTestFile(block, readingFiles) === null) missing.push(`${block.name}: no test of chapters/${chapter}/test/ names ${block.example ?? ''} and reads README.md`);
      }
    }
    assert.deepEqual(missing, []);
  });

  it('the blocks that are not compared are few, and each says why (listed below)', function () {
    const skipped = blocks.filter((block) => block.noCheckReason !== null);
    for (const block of skipped) console.log(`      not compared: ${block.name}: ${block.noCheckReason ?? ''}`);
    assert.ok(skipped.length * 10 < blocks.length, `${skipped.length} of ${blocks.length} example blocks are not compared`);
  });

  it('flags a run that is not an example, an unknown tag, a missing example, a test that does not read the README', function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'example-blocks-'));
    try {
      assert.match(blockProblem(syntheticBlock('', '$ make demo\nprinted', null)) ?? '', /npx tsx chapters\/01-event-loop\/examples\/FILE/);
      assert.match(blockProblem(syntheticBlock('compared', '$ npx tsx chapters/01-event-loop/examples/01-latency.ts', '01-latency.ts')) ?? '', /unknown tag/);
      assert.match(blockProblem(syntheticBlock('', '$ npx tsx chapters/01-event-loop/examples/99-none.ts', '99-none.ts')) ?? '', /no examples\/99-none\.ts/);
      assert.match(blockProblem(syntheticBlock('no-check slow', '$ make demo', null)) ?? '', /reason/);
      assert.equal(blockProblem(syntheticBlock('no-check about a minute and a half of load', '$ make demo', null)), null);
      assert.equal(blockProblem(syntheticBlock('', '$ npx tsx chapters/01-event-loop/examples/01-latency.ts\nOn this machine', '01-latency.ts')), null);

      // A test that only runs the example does not count; one that reads the README through a helper of its own does.
      fs.writeFileSync(path.join(dir, 'runs-only.test.ts'), "it('runs', async () => { await runExample('01-latency.ts'); });\n");
      fs.writeFileSync(path.join(dir, 'support.ts'), "export function shown(name: string): string[] { return readCommandBlock(DIR, `$ npx tsx ${name}`); }\n");
      fs.writeFileSync(path.join(dir, 'reads.test.ts'), "it('compares', async () => { const run = await runExample('02-concurrent-reads'); assert.deepEqual(run, shown(NAME)); });\n");
      const readingFiles = readingTestFiles(dir);
      assert.deepEqual(readingFiles.map((file) => path.basename(file.file)).sort(), ['reads.test.ts', 'support.ts']);
      const latency = syntheticBlock('', '$ npx tsx chapters/01-event-loop/examples/01-latency.ts', '01-latency.ts');
      const reads = syntheticBlock('', '$ npx tsx chapters/01-event-loop/examples/02-concurrent-reads.ts', '02-concurrent-reads.ts');
      assert.equal(comparingTestFile(latency, readingFiles), null);
      assert.equal(path.basename(comparingTestFile(reads, readingFiles) ?? ''), 'reads.test.ts');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
