import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CHAPTER_DIR, README, REPO_ROOT, linesOf, readmeOutput, runExample } from './run';

const MISUSE = path.join(CHAPTER_DIR, 'examples', 'typecheck', 'typed-counter-misuse.ts');
const TSC = path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

interface TscRun {
  exitCode: number | null;
  output: string;
}

/** `tsc --noEmit` on one file, with the repository's compiler options (strict, node16 modules). */
function typeCheck(file: string, workDir: string): TscRun {
  const config = path.join(workDir, 'tsconfig.json');
  fs.writeFileSync(
    config,
    JSON.stringify({
      extends: path.join(REPO_ROOT, 'tsconfig.json'),
      compilerOptions: { noEmit: true, types: ['node'], typeRoots: [path.join(REPO_ROOT, 'node_modules', '@types')] },
      include: [],
      files: [file],
    }),
  );
  const run = spawnSync(process.execPath, [TSC, '-p', config, '--pretty', 'false'], { cwd: workDir, encoding: 'utf8', timeout: 60_000 });
  return { exitCode: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('chapter 2: typed events', () => {
  let workDir: string;
  beforeEach(() => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ch02-tsc-'));
  });
  afterEach(() => {
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('06 runs: the untyped Counter swallows a misspelt event name, the TypedCounter works as before', async () => {
    const run = await runExample('06-typed-events');
    assert.equal(run.exitCode, 0, run.stderr);
    assert.deepEqual(linesOf(run.stdout), ["untyped: count 11, the listener on 'incremnted' never ran", 'typed heard 11', 'typed heard 12']);
    assert.deepEqual(readmeOutput('06-typed-events'), linesOf(run.stdout));
  });

  it('tsc accepts typed-counter-misuse.ts: every line marked @ts-expect-error really has a type error', () => {
    const run = typeCheck(MISUSE, workDir);
    assert.equal(run.output, '');
    assert.equal(run.exitCode, 0);
  });

  it('without the @ts-expect-error directives, tsc rejects exactly the marked lines, with the errors the README shows', () => {
    const original = fs.readFileSync(MISUSE, 'utf8').split('\n');
    const marked = original.flatMap((line, index) => (line.startsWith('// @ts-expect-error') ? [index + 2] : [])); // 1-based line after
    assert.equal(marked.length, 4);
    const stripped = original
      .map((line) => (line.startsWith('// @ts-expect-error') ? '//' : line)) // same line numbers
      .map((line) => line.replace(/from '\.\.\/([^']+)'/, (_match, name: string) => `from '${path.join(CHAPTER_DIR, 'examples', name)}'`));
    const copy = path.join(workDir, 'typed-counter-misuse.ts');
    fs.writeFileSync(copy, stripped.join('\n'));

    const run = typeCheck(copy, workDir);
    assert.equal(run.exitCode, 2, run.output);
    const errors = [...run.output.matchAll(/^typed-counter-misuse\.ts\((\d+),\d+\): (error TS\d+: .*)$/gm)];
    assert.deepEqual(
      errors.map((match) => Number(match[1])),
      marked,
      run.output,
    );
    assert.deepEqual(
      errors.map((match) => (match[2] as string).slice(0, 'error TS0000'.length)),
      ['error TS2345', 'error TS2345', 'error TS2554', 'error TS2339'],
    );
    const readme = fs.readFileSync(README, 'utf8');
    for (const match of errors) assert.ok(readme.includes(match[2] as string), `README.md should show: ${match[2]}`);
  });
});
