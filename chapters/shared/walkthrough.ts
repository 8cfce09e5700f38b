/**
 * Runs the shell sessions that the chapter READMEs and docs/ show, exactly as
 * written, and holds their output to the text. The convention (block tags,
 * `...`, substitutions, exit codes) is docs/walkthroughs/README.md.
 *
 * A block is one bash session: `$ ` lines are commands, the lines after a
 * command are what it prints, stdout and stderr together as a terminal shows
 * them. A block without any `$ ` line is a plain list of commands whose
 * output the text does not show. Three ways to run one:
 * - runWalkthrough: a chapter's ```sh walkthrough, in a temporary copy of its deploy/;
 * - runBlockInCopy: a ```sh check DIR block of docs/, in a temporary copy of DIR;
 * - runBlockInRepository: a ```sh check-in-repo block, in the repository itself.
 * Whatever a block started is stopped afterwards, by PID. Reading the blocks,
 * the session and the output rules live in docs/walkthroughs/runner/, next to
 * the convention.
 *
 * A small runner of our own rather than a tool such as txm: see
 * docs/walkthroughs/README.md, "Why our own runner".
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseSession, readFencedBlocks, type StepResult, type WalkthroughStep } from '../../docs/walkthroughs/runner/markdown';
import { matchesExpected, normalizeLines } from '../../docs/walkthroughs/runner/match';
import { runSession, SESSION_MARKER_VARIABLE, stopEverythingFrom, type SessionOutcome } from '../../docs/walkthroughs/runner/session';
import { freePort } from './processes';

export { parseSession, readFencedBlocks, type FencedBlock, type StepResult, type WalkthroughStep } from '../../docs/walkthroughs/runner/markdown';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
const REPO_BIN_DIR = path.join(REPO_ROOT, 'node_modules', '.bin');
/** A block's timeout: a safety net against a command that never ends, not a speed check. */
const BLOCK_TIMEOUT_MS = 100_000;

/** Parses the ```sh walkthrough block of a README into commands and their expected output. */
export function readWalkthrough(readmePath: string): WalkthroughStep[] {
  const block = readFencedBlocks(readmePath).find((candidate) => candidate.language === 'sh' && candidate.tags === 'walkthrough');
  if (block === undefined) throw new Error(`${readmePath} has no \`\`\`sh walkthrough block`);
  return parseSession(block.body);
}

/**
 * Runs a chapter's walkthrough in one temporary copy of `deployDir`, with PORT
 * set to a free 127.0.0.1 port and the repository's `naught` on the PATH;
 * returns each step's output and exit code. Throws, naming the step, when a
 * command fails or its output is not what the README says.
 */
export async function runWalkthrough(readmePath: string, deployDir: string): Promise<StepResult[]> {
  const steps = readWalkthrough(readmePath);
  const env = {
    PATH: `${REPO_BIN_DIR}${path.delimiter}${process.env.PATH ?? ''}`,
    NODE_PATH: path.join(REPO_ROOT, 'node_modules'),
  };
  return runInTemporaryCopy(steps, deployDir, env, `${path.relative(REPO_ROOT, readmePath)} walkthrough`, () => undefined);
}

/**
 * Runs a ```sh check DIR block in a temporary copy of `fixtureDir`. The copy
 * gets what `npm install /path/to/repository/naught-core express@5` would give
 * it (node_modules/naught-core and node_modules/express, linked to the
 * repository's), with its node_modules/.bin (`naught`) first on the PATH.
 */
export async function runBlockInCopy(steps: WalkthroughStep[], fixtureDir: string, label: string): Promise<StepResult[]> {
  return runInTemporaryCopy(steps, fixtureDir, {}, label, (workDir, env) => {
    const modules = path.join(workDir, 'node_modules');
    fs.mkdirSync(path.join(modules, '.bin'), { recursive: true });
    fs.symlinkSync(path.join(REPO_ROOT, 'naught-core'), path.join(modules, 'naught-core'));
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules', 'express'), path.join(modules, 'express'));
    fs.symlinkSync(path.join('..', 'naught-core', 'dist', 'cli', 'main.js'), path.join(modules, '.bin', 'naught'));
    env.PATH = `${path.join(modules, '.bin')}${path.delimiter}${process.env.PATH ?? ''}`;
  });
}

/**
 * Runs a ```sh check-in-repo block from the repository root itself (for
 * `make ch01` and the like), with TMPDIR and XDG_RUNTIME_DIR pointing to a
 * fresh temporary directory, and without the MAKEFLAGS of an enclosing make.
 */
export async function runBlockInRepository(steps: WalkthroughStep[], label: string): Promise<StepResult[]> {
  const scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'walkthrough-repo-')));
  const env = baseEnvironment({ TMPDIR: scratch, XDG_RUNTIME_DIR: scratch });
  for (const name of ['MAKEFLAGS', 'MFLAGS', 'MAKELEVEL', 'MAKEOVERRIDES']) delete env[name];
  try {
    return check(await runSession(steps, { cwd: REPO_ROOT, env, timeoutMs: BLOCK_TIMEOUT_MS, commandSubstitutions: [], outputSubstitutions: outputSubstitutions(REPO_ROOT) }), label);
  } finally {
    stopEverythingFrom(null, env);
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

async function runInTemporaryCopy(
  steps: WalkthroughStep[],
  sourceDir: string,
  extraEnv: NodeJS.ProcessEnv,
  label: string,
  prepare: (workDir: string, env: NodeJS.ProcessEnv) => void,
): Promise<StepResult[]> {
  const workDir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'walkthrough-')));
  const port = String(await freePort());
  const env = baseEnvironment({ PORT: port, ...extraEnv });
  try {
    fs.cpSync(sourceDir, workDir, { recursive: true });
    prepare(workDir, env);
    const outcome = await runSession(steps, {
      cwd: workDir,
      env,
      timeoutMs: BLOCK_TIMEOUT_MS,
      // The text's port 8080 is this run's free port, in commands and in output.
      commandSubstitutions: [[/\b8080\b/g, port]],
      outputSubstitutions: [[/\b8080\b/g, port], ...outputSubstitutions(workDir)],
    });
    return check(outcome, label);
  } finally {
    stopEverythingFrom(workDir, env);
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

/** The process's environment, minus what would change how the commands behave, plus a marker that finds what they start. */
function baseEnvironment(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '', [SESSION_MARKER_VARIABLE]: randomBytes(8).toString('hex'), ...extra };
  delete env.NAUGHT_WORKER;
  return env;
}

/** What the text writes for values that differ from one run to the next (docs/walkthroughs/README.md, "Substitutions"). */
function outputSubstitutions(workDir: string): Array<[RegExp, string]> {
  return [
    [/\/tmp\/myapp\b/g, workDir],
    [/\/path\/to\/repository\b/g, REPO_ROOT],
    [/\/usr\/bin\/node\b/g, process.execPath],
  ];
}

/** Each step's result; throws at the first step whose exit code or output differs from the text. */
function check(outcome: SessionOutcome, label: string): StepResult[] {
  const { steps, results } = outcome;
  results.forEach((result, index) => {
    const step = steps[index] as WalkthroughStep;
    const next = steps[index + 1];
    const shownByEchoNext = next !== undefined && /^echo "?\$\?"?$/.test(next.command.trim());
    if (result.exitCode !== 0 && !shownByEchoNext) {
      throw new Error(`${label}: \`$ ${result.command}\` exited with ${result.exitCode} (only a command followed by \`echo $?\` may fail)\n${result.output}`);
    }
    if (step.expected !== null && !matchesExpected(normalizeLines(step.expected), normalizeLines(result.output.split('\n')))) {
      throw new Error(`${label}: \`$ ${result.command}\` printed something else than the text says.\n--- the text:\n${step.expected.join('\n')}\n--- printed:\n${result.output}`);
    }
  });
  if (outcome.problem !== null) throw new Error(`${label}: ${outcome.problem}\n${outcome.rawOutput}`);
  return results;
}
