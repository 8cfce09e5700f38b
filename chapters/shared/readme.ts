/**
 * Reading what a chapter's README says an example prints, so the tests can
 * hold the README to the real output. Two block styles are in use:
 * - ```text output-of NAME ... ``` (the block names its example);
 * - a ```text block whose first line is the command, `$ npx tsx chapters/.../examples/NAME.ts`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

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
