/**
 * Every fault test records what it injected and what came out, one JSON line
 * per outcome, so `make test-faults` can print the summary that
 * docs/reliability.md quotes (see summarize.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const RESULTS_FILE = process.env.FAULTS_RESULTS ?? path.resolve(__dirname, '..', '.results', 'outcomes.jsonl');

export interface FaultOutcome {
  /** The suite's section, e.g. 'kill', 'crash loop', 'hostile ipc', 'access', 'logs'. */
  area: string;
  /** What was injected, e.g. 'SIGKILL daemon'. */
  fault: string;
  /** When, e.g. 'during deploy, new workers booting'. */
  point: string;
  /** What happened, in one short sentence, e.g. 'no orphan; stale ipc reported; restart works'. */
  outcome: string;
  /** Requests sent under load, failed ones, and ones lost in flight (omit when no load ran). */
  requests?: number;
  failedRequests?: number;
  lostInFlight?: number;
  /** Processes left behind after the fault and cleanup. */
  orphans?: number;
  /** Log lines written and found afterwards (omit when not checked). */
  logLinesWritten?: number;
  logLinesFound?: number;
  /** Any other figure worth quoting (e.g. { restartDelaysMs: [...] , cpuPercent: 0.4 }). */
  figures?: Record<string, number | string | number[]>;
}

export function recordOutcome(outcome: FaultOutcome): void {
  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  fs.appendFileSync(RESULTS_FILE, `${JSON.stringify({ ...outcome, at: new Date().toISOString() })}\n`);
}

export function readOutcomes(file = RESULTS_FILE): (FaultOutcome & { at: string })[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as FaultOutcome & { at: string });
}
