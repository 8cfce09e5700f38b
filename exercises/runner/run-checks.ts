/**
 * Runs one exercise's mocha checks in a child process against the learner's
 * file, the starter or the reference solution, and reads mocha's JSON report.
 * A child process per run: a learner's file may crash, hang or leave timers
 * behind, and none of that may take the runner down or leak into the next
 * exercise.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SubjectKind } from '../shared/subject';
import { EXERCISES_ROOT, REPO_ROOT } from '../shared/subject';
import type { Exercise } from './exercises';

const MOCHA = path.join(REPO_ROOT, 'node_modules', '.bin', 'mocha');
/** A safety net only: every exercise's checks carry their own, much shorter, timeouts. */
const RUN_LIMIT_MS = 5 * 60_000;

export interface CheckResult {
  title: string;
  passed: boolean;
  /** The assertion's message, for failed checks. */
  message?: string;
}

export interface ChecksRun {
  exercise: Exercise;
  subject: SubjectKind;
  checks: CheckResult[];
  /** True when every check ran and passed (and there was at least one). */
  passed: boolean;
  /** Set when mocha could not report at all (a crash, a hang): its last output lines. */
  crash?: string;
  durationMs: number;
}

interface MochaJsonTest {
  fullTitle: string;
  err?: { message?: string };
}

interface MochaJsonReport {
  stats: { tests: number; passes: number; failures: number; pending: number };
  tests: MochaJsonTest[];
  failures: MochaJsonTest[];
  passes: MochaJsonTest[];
}

export async function runChecks(exercise: Exercise, subject: SubjectKind): Promise<ChecksRun> {
  const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'exercise-report-'));
  const reportFile = path.join(reportDir, 'report.json');
  const started = Date.now();
  try {
    const { code, output } = await runMocha(exercise, subject, reportFile);
    const durationMs = Date.now() - started;
    const report = readReport(reportFile);
    if (report === null) {
      return { exercise, subject, checks: [], passed: false, crash: lastLines(output, 15) || `mocha exited with code ${code}`, durationMs };
    }
    const failedTitles = new Map(report.failures.map((test) => [test.fullTitle, test.err?.message ?? 'failed']));
    const checks: CheckResult[] = report.tests.map((test) => {
      const message = failedTitles.get(test.fullTitle);
      return message === undefined ? { title: test.fullTitle, passed: true } : { title: test.fullTitle, passed: false, message };
    });
    // Failures in hooks (a before() that could not load the file) are not in `tests`.
    for (const failure of report.failures) {
      if (!checks.some((check) => check.title === failure.fullTitle)) {
        checks.push({ title: describeHook(failure.fullTitle), passed: false, message: failure.err?.message ?? 'failed' });
      }
    }
    const passed = code === 0 && checks.length > 0 && checks.every((check) => check.passed) && report.stats.pending === 0;
    return { exercise, subject, checks, passed, durationMs };
  } finally {
    fs.rmSync(reportDir, { recursive: true, force: true });
  }
}

function runMocha(exercise: Exercise, subject: SubjectKind, reportFile: string): Promise<{ code: number; output: string }> {
  const args = [
    '--config',
    path.join(EXERCISES_ROOT, '.mocharc.json'),
    '--reporter',
    'json',
    '--reporter-option',
    `output=${reportFile}`,
    path.join(path.relative(REPO_ROOT, exercise.dir), 'test', '**', '*.test.ts'),
  ];
  return new Promise((resolve, reject) => {
    // Its own process group, so a hang is ended with everything the checks started.
    const child = spawn(MOCHA, args, {
      cwd: REPO_ROOT,
      env: { ...process.env, EXERCISE_SUBJECT: subject },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const limit = setTimeout(() => {
      output += `\nthe checks ran for more than ${RUN_LIMIT_MS / 60_000} minutes and were stopped`;
      killGroup(child.pid);
    }, RUN_LIMIT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(limit);
      resolve({ code: code ?? 1, output });
    });
  });
}

/** `counter "before all" hook for "counts up"` → `counter: setting up (loading or starting your file)`. */
function describeHook(fullTitle: string): string {
  const hook = /^(.*?) ?"(before|after) (all|each)" hook/.exec(fullTitle);
  if (hook === null) return fullTitle;
  const suite = hook[1] === '' ? 'checks' : (hook[1] as string);
  return hook[2] === 'before' ? `${suite}: setting up (loading or starting your file)` : `${suite}: cleaning up`;
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // the group is already gone
  }
}

function readReport(file: string): MochaJsonReport | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as MochaJsonReport;
  } catch {
    return null;
  }
}

function lastLines(text: string, count: number): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}
