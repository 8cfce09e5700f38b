/**
 * Runs a chapter's deploy walkthrough exactly as its README shows it, so the
 * commands a learner copies are the commands the tests execute.
 *
 * A walkthrough is the fenced block opened with ```sh walkthrough in the
 * chapter's README.md. Lines starting with `$ ` are commands; the lines after
 * a command, up to the next command, are what it prints (matched as a
 * pattern where the README writes `...` for a part that varies, such as a
 * pid). The block runs in a fresh temporary copy of the chapter's `deploy/`
 * folder, with PORT set to a free 127.0.0.1 port and `naught` on the PATH.
 * Whatever it started is stopped afterwards: `naught stop`, then SIGKILL by
 * PID for anything still running from the directory.
 *
 * A small runner of our own rather than a tool such as txm: the commands must
 * run in one shell session per block (a `naught start` is followed by a
 * `curl` and a `naught deploy`), with our sandbox and cleanup rules, and the
 * expected output needs one wildcard; that is fewer lines than adapting a tool.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from './processes';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
const NAUGHT_BIN_DIR = path.join(REPO_ROOT, 'node_modules', '.bin');

export interface WalkthroughStep {
  command: string;
  expected: string[];
}

/** Parses the ```sh walkthrough block of a README into commands and their expected output. */
export function readWalkthrough(readmePath: string): WalkthroughStep[] {
  const markdown = fs.readFileSync(readmePath, 'utf8');
  const match = /```sh walkthrough\n([\s\S]*?)```/.exec(markdown);
  if (match === null) throw new Error(`${readmePath} has no \`\`\`sh walkthrough block`);
  const steps: WalkthroughStep[] = [];
  for (const line of (match[1] as string).split('\n')) {
    if (line.startsWith('$ ')) steps.push({ command: line.slice(2), expected: [] });
    else if (line.trim() !== '' && steps.length > 0) (steps[steps.length - 1] as WalkthroughStep).expected.push(line);
  }
  return steps;
}

export interface StepResult {
  command: string;
  output: string;
  exitCode: number;
}

function patternFor(expectedLine: string): RegExp {
  const escaped = expectedLine.split('...').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`);
}

/**
 * Runs every step in one temporary copy of `deployDir`; returns each step's
 * output and exit code. Throws, naming the step, when a command fails or its
 * output does not match the README.
 */
export async function runWalkthrough(readmePath: string, deployDir: string): Promise<StepResult[]> {
  const steps = readWalkthrough(readmePath);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'walkthrough-'));
  fs.cpSync(deployDir, workDir, { recursive: true });
  const port = await freePort();
  const env = {
    ...process.env,
    PORT: String(port),
    PATH: `${NAUGHT_BIN_DIR}${path.delimiter}${process.env.PATH ?? ''}`,
    NODE_PATH: path.join(REPO_ROOT, 'node_modules'),
    NODE_OPTIONS: '',
  };
  const results: StepResult[] = [];
  try {
    for (const step of steps) {
      const run = spawnSync('bash', ['-c', step.command], { cwd: workDir, env, encoding: 'utf8', timeout: 60_000 });
      const output = `${run.stdout}${run.stderr}`;
      results.push({ command: step.command, output, exitCode: run.status ?? -1 });
      if (run.status !== 0) throw new Error(`walkthrough step failed (exit ${run.status}): $ ${step.command}\n${output}`);
      const missing = findMissingInOrder(step.expected, output.split('\n'));
      if (missing.length > 0) {
        throw new Error(`walkthrough step printed something else than the README says: $ ${step.command}\nmissing: ${missing.join(' | ')}\noutput:\n${output}`);
      }
    }
    return results;
  } finally {
    stopEverything(workDir, env);
  }
}

/** The expected lines that do not appear, in order, among the printed lines. */
function findMissingInOrder(expected: string[], printed: string[]): string[] {
  let next = 0;
  const missing: string[] = [];
  for (const line of expected) {
    const pattern = patternFor(line);
    const found = printed.findIndex((candidate, index) => index >= next && pattern.test(candidate));
    if (found === -1) missing.push(line);
    else next = found + 1;
  }
  return missing;
}

function stopEverything(workDir: string, env: NodeJS.ProcessEnv): void {
  if (fs.existsSync(path.join(workDir, 'naught.ipc'))) {
    spawnSync('naught', ['stop', '--timeout', '5'], { cwd: workDir, env, timeout: 30_000 });
  }
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cwd = fs.readlinkSync(`/proc/${entry}/cwd`);
      if (cwd === workDir || cwd.startsWith(workDir + path.sep)) process.kill(Number(entry), 'SIGKILL');
    } catch {
      // gone, or not ours
    }
  }
  fs.rmSync(workDir, { recursive: true, force: true });
}
