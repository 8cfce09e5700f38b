/**
 * `make test-faults`, last step: the outcomes the fault tests recorded, as a
 * markdown table per area, on stdout and in .results/summary.md (the table
 * docs/reliability.md quotes). Exits 1 if no outcome was recorded: the suite
 * did not run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readOutcomes, RESULTS_FILE, type FaultOutcome } from './helpers/record';

const SUMMARY_FILE = path.join(path.dirname(RESULTS_FILE), 'summary.md');
/** Areas in the order a reader meets them; any other area follows, by name. */
const AREA_ORDER = ['kill', 'crash loop', 'never online', 'stubborn worker', 'race', 'hostile ipc', 'access', 'logs'];

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function requestsCell(outcome: FaultOutcome): string {
  if (outcome.requests === undefined) return '';
  return `${outcome.requests} / ${outcome.failedRequests ?? 0} / ${outcome.lostInFlight ?? 0}`;
}

function logLinesCell(outcome: FaultOutcome): string {
  if (outcome.logLinesWritten === undefined && outcome.logLinesFound === undefined) return '';
  return `${outcome.logLinesFound ?? '?'} of ${outcome.logLinesWritten ?? '?'}`;
}

function figuresCell(figures: FaultOutcome['figures']): string {
  if (figures === undefined) return '';
  return Object.entries(figures)
    .map(([name, value]) => `${name} ${Array.isArray(value) ? value.join(', ') : value}`)
    .join('; ');
}

export function summaryMarkdown(outcomes: readonly FaultOutcome[]): string {
  const areas = [...new Set(outcomes.map((outcome) => outcome.area))].sort((a, b) => {
    const rank = (area: string): number => (AREA_ORDER.includes(area) ? AREA_ORDER.indexOf(area) : AREA_ORDER.length);
    return rank(a) - rank(b) || a.localeCompare(b);
  });
  const lines = [`${outcomes.length} outcomes recorded by the fault suite.`, ''];
  for (const area of areas) {
    lines.push(`### ${area}`, '');
    lines.push('| fault | point | outcome | requests / failed / lost | orphans | log lines found | figures |');
    lines.push('| --- | --- | --- | --- | --- | --- | --- |');
    for (const outcome of outcomes.filter((entry) => entry.area === area)) {
      const row = [outcome.fault, outcome.point, outcome.outcome, requestsCell(outcome), outcome.orphans === undefined ? '' : String(outcome.orphans), logLinesCell(outcome), figuresCell(outcome.figures)];
      lines.push(`| ${row.map(cell).join(' | ')} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

function main(): number {
  const outcomes = readOutcomes();
  if (outcomes.length === 0) {
    process.stderr.write(`no fault outcomes in ${RESULTS_FILE}: run the suite first (make test-faults)\n`);
    return 1;
  }
  const markdown = summaryMarkdown(outcomes);
  fs.writeFileSync(SUMMARY_FILE, markdown);
  process.stdout.write(markdown);
  return 0;
}

if (require.main === module) process.exitCode = main();
