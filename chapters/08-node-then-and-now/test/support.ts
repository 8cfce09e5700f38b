/**
 * Helpers for this chapter's tests: run an example (or a fixture) in its own
 * Node process, as `make ch08` does; split its output into the "then",
 * "now" and "changed" sections; read what the README says it prints.
 */
import * as path from 'node:path';
import { linesOf, readCommandBlock } from '../../shared/readme';
import { runTsFile } from '../../shared/run-example';

export const CHAPTER_DIR = path.resolve(__dirname, '..');
export const README = path.join(CHAPTER_DIR, 'README.md');

export interface ProcessResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node --import tsx <file> ...args` in the chapter folder; kills it (by PID) if it has not ended after timeoutMs. */
export async function runTs(file: string, args: string[] = [], timeoutMs = 40_000): Promise<ProcessResult> {
  const { code, stdout, stderr } = await runTsFile(file, { args, cwd: CHAPTER_DIR, timeoutMs });
  return { exitCode: code, stdout, stderr };
}

export function runExample(name: string): Promise<ProcessResult> {
  return runTs(path.join('examples', `${name}.ts`));
}

export function runFixture(name: string, args: string[] = []): Promise<ProcessResult> {
  return runTs(path.join('test', 'fixtures', `${name}.ts`), args);
}

export { linesOf };

export interface Sections {
  then: string[];
  now: string[];
  changed: string[];
  /** the "== ..." heading lines, in order */
  headings: string[];
}

/** Splits an example's stdout at its "== then: ...", "== now: ..." and "== changed: ..." headings. */
export function sectionsOf(stdout: string): Sections {
  const sections: Sections = { then: [], now: [], changed: [], headings: [] };
  let current: string[] | null = null;
  for (const line of linesOf(stdout)) {
    const heading = /^== (then|now|changed): /.exec(line);
    if (heading !== null) {
      sections.headings.push(line);
      current = sections[heading[1] as 'then' | 'now' | 'changed'];
    } else if (current === null) {
      throw new Error(`output before the first section heading: ${line}`);
    } else {
      current.push(line);
    }
  }
  return sections;
}

/** The README's ```text block that starts with `$ npx tsx chapters/08-node-then-and-now/examples/<name>.ts`: the lines after it. */
export function readmeOutput(name: string): string[] {
  return readCommandBlock(CHAPTER_DIR, `$ npx tsx chapters/08-node-then-and-now/examples/${name}.ts`);
}
