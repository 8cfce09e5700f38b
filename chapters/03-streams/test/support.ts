/** Running this chapter's examples as real processes, and reading what the README says they print. */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { readOutputOfBlock } from '../../shared/readme';
import { runTsFile, type ExampleRun } from '../../shared/run-example';

export const CHAPTER_DIR = path.resolve(__dirname, '..');

/** Runs `node --import tsx examples/<name>` in the chapter folder and collects its output. */
export function runExample(name: string): Promise<ExampleRun> {
  return runTsFile(path.join('examples', name), { cwd: CHAPTER_DIR });
}

/** The output block the README shows for an example: the fence opened with ```text output-of <name>. */
export function readmeOutput(name: string): string[] {
  return readOutputOfBlock(CHAPTER_DIR, name);
}

/**
 * Asserts that an example printed exactly the lines the README shows. `masks`
 * name the parts that may differ from one run or one Node.js version to the
 * next (a timestamp, a compressed size); they are replaced by '<varies>' on both sides.
 */
export function assertPrintsLikeReadme(name: string, stdout: string, masks: RegExp[] = []): void {
  const mask = (line: string): string => masks.reduce((text, pattern) => text.replace(pattern, '<varies>'), line);
  const printed = stdout.split('\n').slice(0, -1).map(mask);
  const shown = readmeOutput(name).map(mask);
  assert.deepEqual(printed, shown, `examples/${name} no longer prints what README.md shows`);
}
