/**
 * One block, one bash session: the commands run one after the other in the
 * same shell (so `echo $?`, a variable or a background job carries over, as
 * in a terminal), with stderr sent where stdout goes. After each command the
 * session prints a marker with its exit code, then puts that code back in
 * `$?`, which is how each command's output and status are told apart.
 * Afterwards, stopEverythingFrom ends what the block started, by PID.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { StepResult, WalkthroughStep } from './markdown';

export type Substitution = [RegExp, string];

export interface SessionOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** Applied to each command before it runs. */
  commandSubstitutions: Substitution[];
  /** Applied to each expected line before it is compared. */
  outputSubstitutions: Substitution[];
}

export interface SessionOutcome {
  /** The steps as run and compared (substitutions made). */
  steps: WalkthroughStep[];
  /** One per command that finished. */
  results: StepResult[];
  /** Why the session did not finish every command, or null. */
  problem: string | null;
  rawOutput: string;
}

/** The variable that marks every process a block starts, for the cleanup. */
export const SESSION_MARKER_VARIABLE = 'WALKTHROUGH_SESSION';

function substitute(text: string, substitutions: Substitution[]): string {
  return substitutions.reduce((result, [pattern, value]) => result.replace(pattern, value), text);
}

export async function runSession(steps: WalkthroughStep[], options: SessionOptions): Promise<SessionOutcome> {
  const ran = steps.map((step) => ({
    command: substitute(step.command, options.commandSubstitutions),
    expected: step.expected === null ? null : step.expected.map((line) => substitute(line, options.outputSubstitutions)),
  }));
  const marker = `@@walkthrough-${randomBytes(6).toString('hex')}@@`;
  const script = ['exec 2>&1', ...ran.map((step) => `${step.command}\n__walkthrough_status=$?; printf '\\n%s %s\\n' '${marker}' "$__walkthrough_status"; (exit "$__walkthrough_status")`)].join('\n');
  // Its own process group, so that a timeout can end the shell and its children at once.
  const shell = spawn('bash', ['-c', script], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let rawOutput = '';
  shell.stdout.setEncoding('utf8').on('data', (chunk: string) => (rawOutput += chunk));
  shell.stderr.setEncoding('utf8').on('data', (chunk: string) => (rawOutput += chunk));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(shell.pid);
  }, options.timeoutMs);
  await new Promise<void>((resolve) => {
    // 'close' waits for the pipes too; a process that kept them open must not hold the run forever.
    shell.once('close', () => resolve());
    shell.once('exit', () => setTimeout(resolve, 2000).unref());
    shell.once('error', () => resolve());
  });
  clearTimeout(timer);

  const parts = rawOutput.split(`\n${marker} `);
  const results: StepResult[] = [];
  for (let index = 0; index + 1 < parts.length && index < ran.length; index += 1) {
    const output = (index === 0 ? parts[0] : (parts[index] as string).replace(/^\d+\n/, '')) as string;
    const status = /^(\d+)\n/.exec(parts[index + 1] as string);
    results.push({ command: (ran[index] as WalkthroughStep).command, output, exitCode: status === null ? -1 : Number(status[1]) });
  }
  let problem: string | null = null;
  if (results.length < ran.length) {
    const stuck = ran[results.length] as WalkthroughStep;
    problem = timedOut
      ? `timed out after ${options.timeoutMs / 1000} s in \`$ ${stuck.command}\``
      : `the session ended before \`$ ${stuck.command}\` finished`;
  }
  return { steps: ran, results, problem, rawOutput: rawOutput.split(marker).join('') };
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** The unix sockets under `dir` (a few levels down), where a block may have left a naught server running. */
function socketsUnder(dir: string, depth = 3): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isSocket() && entry.name.endsWith('.ipc')) found.push(full);
    else if (entry.isDirectory() && entry.name !== 'node_modules' && depth > 0) found.push(...socketsUnder(full, depth - 1));
  }
  return found;
}

function isUnder(candidate: string, dir: string): boolean {
  return candidate === dir || candidate.startsWith(dir + path.sep);
}

/**
 * Ends what a block started: `naught stop` for every naught ipc socket left in
 * `workDir`, then SIGKILL for every process still running in `workDir` or
 * carrying the block's marker variable (a daemon that left its directory).
 */
export function stopEverythingFrom(workDir: string | null, env: NodeJS.ProcessEnv): void {
  if (workDir !== null && fs.existsSync(workDir)) {
    for (const ipc of socketsUnder(workDir)) {
      spawnSync('naught', ['stop', '--timeout', '5', ipc], { cwd: workDir, env, timeout: 30_000, stdio: 'ignore' });
    }
  }
  const marker = env[SESSION_MARKER_VARIABLE];
  const markerEntry = marker === undefined ? null : Buffer.from(`${SESSION_MARKER_VARIABLE}=${marker}\0`);
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const inWorkDir = workDir !== null && isUnder(fs.readlinkSync(`/proc/${entry}/cwd`), workDir);
      const marked = markerEntry !== null && fs.readFileSync(`/proc/${entry}/environ`).includes(markerEntry);
      if (inWorkDir || marked) process.kill(Number(entry), 'SIGKILL');
    } catch {
      // gone, or not ours
    }
  }
}
