/**
 * Reading what a chapter's README says an example prints, so the tests can
 * hold the README to the real output. Two block styles are in use:
 * - ```text output-of NAME ... ``` (the block names its example);
 * - a ```text block whose first line is the command, `$ npx tsx chapters/.../examples/NAME.ts`.
 * docs/walkthroughs/test/example-blocks.test.ts checks that every ```text
 * block of a chapter README that starts with `$ ` is read by a chapter test.
 *
 * assertPrintsLikeReadme compares with the docs checker's rules
 * (docs/walkthroughs/README.md, "Output"): `...` in a line stands for any
 * text, a line of only `...` for any number of lines, runs of blanks are one
 * space, trailing blanks and blank lines at the end do not count.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { matchesExpected, normalizeLines } from '../../docs/walkthroughs/runner/match';

/** The lines of a text, without the final newline. */
export function linesOf(text: string): string[] {
  return text.replace(/\n$/, '').split('\n');
}

/** The lines of the ```text output-of NAME block in CHAPTER_DIR/README.md. */
export function readOutputOfBlock(chapterDir: string, name: string): string[] {
  const readme = fs.readFileSync(path.join(chapterDir, 'README.md'), 'utf8');
  const fence = '```text output-of ' + name + '\n';
  const start = readme.indexOf(fence);
  if (start === -1) throw new Error(`README.md has no ${fence.trim()} block`);
  const end = readme.indexOf('```', start + fence.length);
  return readme.slice(start + fence.length, end).split('\n').slice(0, -1);
}

/** The lines after `command` in the ```text block of CHAPTER_DIR/README.md that starts with it. */
export function readCommandBlock(chapterDir: string, command: string): string[] {
  const markdown = fs.readFileSync(path.join(chapterDir, 'README.md'), 'utf8');
  for (const block of markdown.matchAll(/```text\n([\s\S]*?)```/g)) {
    const lines = linesOf(block[1] as string);
    if (lines[0] === command) return lines.slice(1);
  }
  throw new Error(`README.md has no \`\`\`text block starting with: ${command}`);
}

/** The command a chapter README shows for one of its examples: `$ npx tsx chapters/NN-name/examples/FILE`. */
export function exampleCommand(chapterDir: string, file: string): string {
  return `$ npx tsx chapters/${path.basename(chapterDir)}/examples/${file}`;
}

/** Whether `printed` is what the README's lines say, `...` standing for what varies. */
export function printsLikeReadme(shown: string[], printed: string): boolean {
  return matchesExpected(normalizeLines(shown), normalizeLines(printed.split('\n')));
}

/**
 * Asserts that `printed` (an example's whole stdout) is what the ```text
 * block of CHAPTER_DIR/README.md starting with `$ npx tsx chapters/NN-name/examples/FILE` shows.
 */
export function assertPrintsLikeReadme(chapterDir: string, file: string, printed: string): void {
  const shown = readCommandBlock(chapterDir, exampleCommand(chapterDir, file));
  if (printsLikeReadme(shown, printed)) return;
  assert.fail(`examples/${file} no longer prints what README.md shows (\`...\` stands for any text)\n--- README.md:\n${shown.join('\n')}\n--- printed:\n${printed}`);
}
