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

/** Asserts that an example printed exactly the lines the README shows (the README block starts with the `$ npx tsx ...` line). */
export function assertPrintsLikeReadme(name: string, stdout: string): void {
  const [command, ...shown] = readmeOutput(name);
  assert.equal(command, `$ npx tsx chapters/05-crash-demo/examples/${name}`);
  assert.deepEqual(stdout.split('\n').slice(0, -1), shown, `examples/${name} no longer prints what README.md shows`);
}
