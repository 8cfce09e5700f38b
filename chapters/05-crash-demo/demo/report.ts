/**
 * What the demo leaves behind: a text table for the terminal (and the
 * README), a self-contained HTML report with one SVG timeline per runner
 * (inline CSS and SVG, nothing fetched from anywhere), and the raw results as
 * JSON.
 */
import * as os from 'node:os';
import type { RequestSample } from '../../../naught-core/bench/load';
import { WORK_MS } from '../app/app';
import { BYSTANDER_LEAD_MS, BYSTANDER_PATH, type RunnerResult, type ScenarioOptions } from './measure';

export interface DemoReport {
  generatedAt: string;
  machine: { node: string; platform: string; cpus: number; cpuModel: string };
  scenario: Omit<ScenarioOptions, 'onProgress'>;
  /** Wall-clock time of the whole demo, build included, in ms. */
  totalMs: number;
  results: RunnerResult[];
}

export function machineInfo(): DemoReport['machine'] {
  const cpus = os.cpus();
  return { node: process.version, platform: `${os.type()} ${os.release()} ${os.arch()}`, cpus: cpus.length, cpuModel: cpus[0]?.model.trim() ?? 'unknown' };
}

const number = new Intl.NumberFormat('en-US');

function ms(value: number | null): string {
  return value === null ? '-' : number.format(Math.round(value));
}

export const TABLE_HEADERS = ['runner', 'requests', 'failed', 'in flight lost', 'downtime ms', 'time to recovery ms', 'recovered'] as const;

/** One row per runner, as strings, in TABLE_HEADERS order. */
export function tableRows(results: readonly RunnerResult[]): string[][] {
  return results.map((result) =>
    result.error !== null
      ? [result.label, '-', '-', '-', '-', '-', 'run failed']
      : [
          result.label,
          number.format(result.requests),
          number.format(result.failed),
          `${result.bystandersLost}/${result.bystanders.length}`,
          ms(result.downtimeMs),
          ms(result.recoveryMs),
          result.recovered ? 'yes' : 'no',
        ],
  );
}

/** The table as aligned plain text: text columns left-aligned, numbers right-aligned. */
export function formatTable(results: readonly RunnerResult[]): string {
  const rows = [[...TABLE_HEADERS], ...tableRows(results)];
  const widths = TABLE_HEADERS.map((_, column) => Math.max(...rows.map((row) => (row[column] as string).length)));
  const alignLeft = (column: number): boolean => column === 0 || column === TABLE_HEADERS.length - 1;
  return rows
    .map((row) =>
      row
        .map((cell, column) => (alignLeft(column) ? cell.padEnd(widths[column] as number) : cell.padStart(widths[column] as number)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/**
 * The raw results for JSON. The load's samples are stored by column (a dead
 * server piles up tens of thousands of refused connections): `at[i]`,
 * `outcome[i]` (an index into `outcomes`) and `latencyMs[i]` describe request i.
 */
export function toJson(report: DemoReport): unknown {
  return {
    ...report,
    results: report.results.map(({ samples, ...result }) => ({ ...result, samples: columns(samples) })),
  };
}

function outcomeOf(sample: RequestSample): string {
  return sample.error ?? `HTTP ${sample.status}`;
}

function columns(samples: readonly RequestSample[]): { outcomes: string[]; at: number[]; outcome: number[]; latencyMs: (number | null)[] } {
  const outcomes: string[] = [];
  const index = new Map<string, number>();
  const outcome: number[] = [];
  for (const sample of samples) {
    const name = outcomeOf(sample);
    let i = index.get(name);
    if (i === undefined) {
      i = outcomes.push(name) - 1;
      index.set(name, i);
    }
    outcome.push(i);
  }
  return { outcomes, at: samples.map((sample) => sample.at), outcome, latencyMs: samples.map((sample) => sample.latencyMs) };
}

// ---------------------------------------------------------------- HTML

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const BIN_MS = 100;
const SVG = { width: 960, height: 290, left: 64, right: 16, top: 26, up: 100, down: 80, lane: 40 };

interface Bins {
  ok: number[];
  failed: number[];
}

function bin(samples: readonly RequestSample[], count: number): Bins {
  const bins: Bins = { ok: new Array<number>(count).fill(0), failed: new Array<number>(count).fill(0) };
  for (const sample of samples) {
    // The few answers that arrive while the load is being stopped fall after the last bar: left out of the chart.
    const i = Math.floor(sample.at / BIN_MS);
    if (i >= count) continue;
    if (sample.ok) (bins.ok[i] as number) += 1;
    else (bins.failed[i] as number) += 1;
  }
  return bins;
}

/** Shared scales, so that the timelines of all runners can be compared at a glance. */
interface Scales {
  durationMs: number;
  bins: number;
  maxOkPerBin: number;
  maxFailedPerBin: number;
}

function scalesFor(results: readonly RunnerResult[], seconds: number): Scales {
  // The load runs `seconds`; the chart shows exactly that (see bin()).
  const durationMs = seconds * 1_000;
  const bins = Math.ceil(durationMs / BIN_MS);
  let maxOkPerBin = 1;
  let maxFailedPerBin = 1;
  for (const result of results) {
    const counts = bin(result.samples, bins);
    maxOkPerBin = Math.max(maxOkPerBin, ...counts.ok);
    maxFailedPerBin = Math.max(maxFailedPerBin, ...counts.failed);
  }
  return { durationMs, bins, maxOkPerBin, maxFailedPerBin };
}

function f(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** One runner's timeline: successes per 100 ms above the axis, failures below (log scale), the /read and the bystanders marked. */
export function timelineSvg(result: RunnerResult, scales: Scales): string {
  const plotWidth = SVG.width - SVG.left - SVG.right;
  const axisY = SVG.top + SVG.up;
  const laneY = axisY + SVG.down + 4; // the in-flight requests' lane, under the failures
  const x = (at: number): number => SVG.left + (Math.min(at, scales.durationMs) / scales.durationMs) * plotWidth;
  const barWidth = plotWidth / scales.bins;
  const okHeight = (n: number): number => (n / scales.maxOkPerBin) * SVG.up;
  const logTop = Math.log10(1 + scales.maxFailedPerBin);
  const failedHeight = (n: number): number => (n === 0 ? 0 : Math.max(2, (Math.log10(1 + n) / logTop) * SVG.down));
  const parts: string[] = [];
  const title = `${result.label}: successful and failed requests to / over time, GET /read marked`;
  parts.push(
    `<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${SVG.width} ${SVG.height}" width="${SVG.width}" height="${SVG.height}" role="img" aria-labelledby="t-${result.id}">`,
    `<title id="t-${result.id}">${escapeHtml(title)}</title>`,
    `<rect x="0" y="0" width="${SVG.width}" height="${SVG.height}" fill="#ffffff"/>`,
  );
  if (result.error !== null) {
    parts.push(`<text x="${SVG.width / 2}" y="${SVG.height / 2}" text-anchor="middle" class="label">this runner did not run: see the error below</text>`, '</svg>');
    return parts.join('\n');
  }
  // The outage: from the first failure to the recovery (or to the end).
  if (result.firstFailureAt !== null) {
    const end = result.recoveredAt ?? scales.durationMs;
    const label = result.downtimeMs === null ? 'down for good' : `down ${ms(result.downtimeMs)} ms`;
    parts.push(
      `<rect class="outage" x="${f(x(result.firstFailureAt))}" y="${SVG.top}" width="${f(Math.max(1, x(end) - x(result.firstFailureAt)))}" height="${SVG.up + SVG.down}"><title>${label}</title></rect>`,
      `<text class="label outage-label" x="${f(x(result.firstFailureAt) + 4)}" y="${SVG.top + 12}">${label}</text>`,
    );
  }
  // Grid: seconds on the time axis; 1, 10, 100... on the failure axis.
  for (let second = 0; second * 1_000 <= scales.durationMs; second++) {
    const gx = f(x(second * 1_000));
    parts.push(
      `<line class="grid" x1="${gx}" y1="${SVG.top}" x2="${gx}" y2="${laneY + SVG.lane}"/>`,
      `<text class="label" x="${gx}" y="${laneY + SVG.lane + 16}" text-anchor="middle">${second} s</text>`,
    );
  }
  for (let power = 0; 10 ** power <= scales.maxFailedPerBin; power++) {
    const gy = f(axisY + failedHeight(10 ** power));
    parts.push(`<line class="grid" x1="${SVG.left}" y1="${gy}" x2="${SVG.width - SVG.right}" y2="${gy}"/>`, `<text class="label" x="${SVG.left - 6}" y="${gy}" text-anchor="end" dominant-baseline="middle">${number.format(10 ** power)}</text>`);
  }
  parts.push(
    `<text class="label" x="${SVG.left - 6}" y="${SVG.top + 4}" text-anchor="end" dominant-baseline="middle">${scales.maxOkPerBin}</text>`,
    `<text class="label ok-text" x="8" y="${SVG.top + SVG.up / 2}" dominant-baseline="middle">ok</text>`,
    `<text class="label fail-text" x="8" y="${axisY + SVG.down / 2}" dominant-baseline="middle">failed</text>`,
    `<rect class="lane" x="${SVG.left}" y="${laneY}" width="${plotWidth}" height="${SVG.lane}"/>`,
    `<text class="label" x="8" y="${laneY + SVG.lane / 2}" dominant-baseline="middle">in flight</text>`,
  );
  const counts = bin(result.samples, scales.bins);
  for (let i = 0; i < scales.bins; i++) {
    const ok = counts.ok[i] as number;
    const failed = counts.failed[i] as number;
    const bx = f(SVG.left + i * barWidth + 0.5);
    const bw = f(Math.max(1, barWidth - 1));
    const when = `${(i * BIN_MS) / 1000}-${((i + 1) * BIN_MS) / 1000} s`;
    if (ok > 0) parts.push(`<rect class="ok" x="${bx}" y="${f(axisY - okHeight(ok))}" width="${bw}" height="${f(okHeight(ok))}"><title>${when}: ${ok} answered</title></rect>`);
    if (failed > 0) parts.push(`<rect class="failed" x="${bx}" y="${axisY}" width="${bw}" height="${f(failedHeight(failed))}"><title>${when}: ${number.format(failed)} failed</title></rect>`);
  }
  parts.push(`<line class="axis" x1="${SVG.left}" y1="${axisY}" x2="${SVG.width - SVG.right}" y2="${axisY}"/>`);
  // GET /read, and the bystanders: sent just before it, marked where their answer (or failure) came.
  const rx = f(x(result.read.sentAt));
  parts.push(
    `<line class="read" x1="${rx}" y1="${SVG.top - 6}" x2="${rx}" y2="${laneY + SVG.lane}"><title>GET /read sent at ${ms(result.read.sentAt)} ms: ${escapeHtml(result.read.outcome)}</title></line>`,
    `<text class="label read-label" x="${rx}" y="${SVG.top - 10}" text-anchor="middle">GET /read (${escapeHtml(result.read.outcome)})</text>`,
  );
  result.bystanders.forEach((bystander, i) => {
    const cx = f(x(bystander.endedAt));
    const cy = f(laneY + 8 + i * 8);
    const what = `in-flight request ${i + 1}, sent at ${ms(bystander.sentAt)} ms: ${escapeHtml(bystander.outcome)} at ${ms(bystander.endedAt)} ms`;
    parts.push(`<circle class="${bystander.ok ? 'bystander-ok' : 'bystander-lost'}" cx="${cx}" cy="${cy}" r="4"><title>${what}</title></circle>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}

const CSS = `
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2330; margin: 2rem auto; max-width: 1000px; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.2rem; margin: 2.2rem 0 .3rem; border-top: 1px solid #d8dce4; padding-top: 1rem; }
code { background: #f1f3f7; padding: 0 .25em; border-radius: 3px; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { padding: .3rem .7rem; border-bottom: 1px solid #d8dce4; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
th { text-align: left; background: #f1f3f7; }
tr.down td { color: #9b1c1c; }
.meta, .note { color: #566074; font-size: .9rem; }
.legend span { margin-right: 1.2rem; white-space: nowrap; }
.swatch { display: inline-block; width: .9em; height: .9em; vertical-align: -.1em; margin-right: .3em; border-radius: 2px; }
svg.timeline { max-width: 100%; height: auto; border: 1px solid #d8dce4; border-radius: 4px; }
svg .ok { fill: #2f9e44; }
svg .failed { fill: #d6336c; }
svg .outage { fill: #ffe3e3; }
svg .grid { stroke: #e9ecef; stroke-width: 1; }
svg .axis { stroke: #495057; stroke-width: 1; }
svg .read { stroke: #1c5dd6; stroke-width: 2; stroke-dasharray: 5 3; }
svg .label { font: 11px system-ui, sans-serif; fill: #566074; }
svg .read-label { fill: #1c5dd6; font-weight: 600; }
svg .outage-label { fill: #9b1c1c; }
svg .ok-text { fill: #2f9e44; font-weight: 600; }
svg .fail-text { fill: #d6336c; font-weight: 600; }
svg .lane { fill: #f8f9fb; }
svg .bystander-ok { fill: #2f9e44; stroke: #1b5e20; stroke-width: 1; }
svg .bystander-lost { fill: #d6336c; stroke: #7a1030; stroke-width: 1; }
pre { background: #f8f9fb; border: 1px solid #e3e6ec; padding: .6rem; overflow-x: auto; font-size: .85rem; }
`;

export function renderHtml(report: DemoReport): string {
  const scales = scalesFor(report.results, report.scenario.seconds);
  const rows = tableRows(report.results)
    .map((cells, i) => {
      const down = report.results[i]?.recovered === false;
      return `<tr${down ? ' class="down"' : ''}>${cells.map((cell, column) => (column === 0 || column === cells.length - 1 ? `<td>${escapeHtml(cell)}</td>` : `<td class="num">${escapeHtml(cell)}</td>`)).join('')}</tr>`;
    })
    .join('\n');
  const sections = report.results
    .map((result) => {
      const kinds = Object.entries(result.failuresByKind)
        .map(([kind, count]) => `${number.format(count)} ${escapeHtml(kind)}`)
        .join(', ');
      const facts =
        result.error === null
          ? `<p class="note">${number.format(result.loadRequests)} load requests, ${number.format(result.loadFailed)} failed${kinds === '' ? '' : ` (${kinds})`}; ${result.bystandersLost} of ${result.bystanders.length} in-flight requests lost; <code>GET /read</code>: ${escapeHtml(result.read.outcome)} after ${ms(result.read.endedAt - result.read.sentAt)} ms.</p>`
          : `<pre>${escapeHtml(result.error)}</pre>`;
      return `<section id="${result.id}">
<h2>${escapeHtml(result.label)}</h2>
<p><code>${escapeHtml(result.command)}</code>: ${escapeHtml(result.expectation)}.</p>
${timelineSvg(result, scales)}
${facts}
</section>`;
    })
    .join('\n');
  const { scenario, machine } = report;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Crash demo: one bad route, ${report.results.length} ways to run the server</title>
<style>${CSS}</style>
</head>
<body>
<h1>One bad route, ${report.results.length} ways to run the server</h1>
<p class="meta">${escapeHtml(report.generatedAt)} &middot; Node ${escapeHtml(machine.node)} &middot; ${escapeHtml(machine.platform)} &middot; ${machine.cpus} &times; ${escapeHtml(machine.cpuModel)} &middot; whole demo ${(report.totalMs / 1000).toFixed(1)} s</p>
<p>For each runner: ${scenario.connections} keep-alive clients send <code>GET /</code> back to back for ${scenario.seconds} s (each answer takes the app ${WORK_MS} ms of simulated work).
At ${(scenario.readAtMs / 1000).toFixed(1)} s, ${scenario.bystanders} requests for a slower page (<code>${escapeHtml(BYSTANDER_PATH)}</code>, 500 ms) are sent, and ${BYSTANDER_LEAD_MS} ms later one <code>GET /read</code>:
its stream fails to open a missing file, nobody listens for the stream's <code>'error'</code>, and the error is thrown as an uncaught exception.</p>
<table>
<thead><tr>${TABLE_HEADERS.map((header) => `<th>${header}</th>`).join('')}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
<p class="note"><b>requests</b> and <b>failed</b> count the load, the in-flight requests and <code>/read</code> itself (which never gets an answer).
While nothing listens on the port, each client's connection is refused within microseconds and it tries again at once, so a dead server piles up failures by the thousand per second: read <b>failed</b> as "how much went wrong", and <b>downtime</b> as "for how long".
<b>in flight lost</b>: of the slow requests sent just before <code>/read</code>, still being worked on when it crashed, how many got no answer.
<b>downtime</b>: from the load's first failure to its first success after its last failure. <b>time to recovery</b>: from <code>/read</code> to that success. A dash: it never came back.</p>
<h2>How to read a timeline</h2>
<p class="legend"><span><i class="swatch" style="background:#2f9e44"></i>answered requests per 100 ms (above the axis)</span>
<span><i class="swatch" style="background:#d6336c"></i>failed requests per 100 ms (below, log scale: 1, 10, 100...)</span>
<span><i class="swatch" style="background:#ffe3e3"></i>the outage</span>
<span><i class="swatch" style="background:#1c5dd6"></i>the moment <code>GET /read</code> was sent</span>
<span><i class="swatch" style="background:#2f9e44;border-radius:50%"></i><i class="swatch" style="background:#d6336c;border-radius:50%"></i>the in-flight requests, in the lane at the bottom, placed where they ended: answered (green) or lost (red)</span></p>
<p class="note">All timelines share the same scales. Hover over a bar or a mark to see its numbers. The raw samples are in the JSON file next to this page.</p>
${sections}
</body>
</html>
`;
}
