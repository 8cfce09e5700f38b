/**
 * Runs every example in its own Node process and checks, for each then/now
 * pair, that the 2009 version (through the shims) and today's print the same
 * lines, and that the whole output is what README.md shows.
 */
import * as assert from 'node:assert/strict';
import { linesOf, readmeOutput, runExample, sectionsOf } from './support';

interface ExampleCase {
  name: string;
  /** Lines that may legitimately differ between runs, made comparable. */
  normalize?: (lines: string[]) => string[];
}

/** Two reverse lookups run side by side: their answers may come back in either order. */
function sortReverseLookups(lines: string[]): string[] {
  const reverse = lines.filter((line) => line.startsWith('reverse for ')).sort();
  let next = 0;
  return lines.map((line) => (line.startsWith('reverse for ') ? (reverse[next++] as string) : line));
}

/** The addon example prints machine-specific facts: versions, where the headers are, the compiler's wording. */
function maskAddonFacts(lines: string[]): string[] {
  return lines.map((line) =>
    line
      .replace(/Node \d+\.\d+\.\d+'s headers: fails, \d+ errors/, "Node <version>'s headers: fails, <n> errors")
      .replace(/--nodedir=\S+/, '--nodedir=<dir>')
      .replace(/^ {2}hello\.cc:\d+:\d+: error: .*$/, '  <a compiler error>')
      .replace(/^(Node-API version of this Node:) \d+$/, '$1 <n>'),
  ).filter((line, index, all) => !(line === '  <a compiler error>' && all[index - 1] === line));
}

const EXAMPLES: ExampleCase[] = [
  { name: '01-sys-puts' },
  { name: '02-events-promise' },
  { name: '03-posix-fs' },
  { name: '04-child-process' },
  { name: '05-http-server' },
  { name: '06-http-client' },
  { name: '07-tcp-net' },
  { name: '08-dns', normalize: sortReverseLookups },
  { name: '09-url' },
  { name: '10-querystring' },
  { name: '11-mixin-and-modules' },
  { name: '12-repl' },
];

describe('chapter 8: each then/now pair prints the same both ways', () => {
  for (const example of EXAMPLES) {
    it(`${example.name}: the 2009 version and today's print the same lines, and the README shows them`, async () => {
      const run = await runExample(example.name);
      assert.equal(run.exitCode, 0, run.stderr);
      const normalize = example.normalize ?? ((lines: string[]) => lines);
      const sections = sectionsOf(run.stdout);
      assert.ok(sections.then.length > 0, 'the then section printed nothing');
      assert.deepEqual(normalize(sections.now), normalize(sections.then), 'then and now differ');
      assert.deepEqual(normalize(linesOf(run.stdout)), normalize(readmeOutput(example.name)), `examples/${example.name}.ts no longer prints what README.md shows`);
    });
  }

  it('01-sys-puts: sys.debug and console.error both wrote "DEBUG: ..." to stderr; require("sys") warned DEP0025', async () => {
    const run = await runExample('01-sys-puts');
    assert.equal(linesOf(run.stderr).filter((line) => line === 'DEBUG: this goes to stderr').length, 2, run.stderr);
    assert.match(run.stderr, /\[DEP0025\] DeprecationWarning: sys is deprecated/);
  });

  it('13-addon: the 2009 addon does not compile today (String::New is gone); the Node-API one builds, loads, and says "world"', async () => {
    const run = await runExample('13-addon');
    assert.equal(run.exitCode, 0, `${run.stdout}\n${run.stderr}`);
    const sections = sectionsOf(run.stdout);
    assert.match(sections.then.join('\n'), /fails, \d+ errors/);
    assert.match(sections.then.join('\n'), /error: 'New' is not a member of 'v8::String'/);
    assert.ok(sections.now.includes(`require('./build/Release/hello.node').hello: "world"`), sections.now.join('\n'));
    assert.ok(sections.now.includes('the same as the JavaScript module lib/hello-2009.js: true'));
    assert.deepEqual(maskAddonFacts(linesOf(run.stdout)), maskAddonFacts(readmeOutput('13-addon')));
  });
});
