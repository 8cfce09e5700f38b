/**
 * SVG charts of min / median / max, one horizontal row per variant: a bar to
 * the median, a whisker from min to max, a dot per repetition, and optional
 * reference lines (a target, the baseline).
 *
 * Written by hand on purpose: every chart here is the same simple range plot,
 * which takes about a hundred lines of SVG text. A charting library would
 * bring a DOM or a headless browser to render server-side, for no gain, and
 * hand-written SVG is plain deterministic text that diffs well in a review.
 */
import type { Stat } from './stats';

export interface ChartRow {
  label: string;
  stat: Stat | null;
}

export interface RangeChart {
  title: string;
  /** Axis label, e.g. "requests/s, ratio to the bare cluster". */
  unit: string;
  rows: ChartRow[];
  references?: { value: number; label: string }[];
  /** How values are written next to the bars. */
  format: (value: number) => string;
}

const WIDTH = 820;
const LABEL_WIDTH = 270;
const PLOT_LEFT = LABEL_WIDTH + 10;
const PLOT_RIGHT = WIDTH - 170;
const ROW_HEIGHT = 34;
const TOP = 44;

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A round upper bound for the axis: 1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten. */
function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

function axisNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(3)));
}

export function rangeChartSvg(chart: RangeChart): string {
  const values = chart.rows.flatMap((row) => (row.stat === null ? [] : [row.stat.max]));
  const top = niceCeiling(Math.max(0, ...values, ...(chart.references ?? []).map((reference) => reference.value)) * 1.05);
  const x = (value: number): number => PLOT_LEFT + (Math.max(0, value) / top) * (PLOT_RIGHT - PLOT_LEFT);
  const plotBottom = TOP + chart.rows.length * ROW_HEIGHT;
  const height = plotBottom + 52;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="13">`);
  parts.push(`<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`);
  parts.push(`<text x="12" y="24" font-size="15" font-weight="bold">${escape(chart.title)}</text>`);
  // Grid and axis.
  for (let tick = 0; tick <= 5; tick++) {
    const value = (top / 5) * tick;
    const tx = x(value).toFixed(1);
    parts.push(`<line x1="${tx}" y1="${TOP - 6}" x2="${tx}" y2="${plotBottom}" stroke="#e3e3e3"/>`);
    parts.push(`<text x="${tx}" y="${plotBottom + 16}" text-anchor="middle" fill="#555">${axisNumber(value)}</text>`);
  }
  parts.push(`<text x="${((PLOT_LEFT + PLOT_RIGHT) / 2).toFixed(1)}" y="${plotBottom + 36}" text-anchor="middle" fill="#333">${escape(chart.unit)}</text>`);
  chart.rows.forEach((row, index) => {
    const y = TOP + index * ROW_HEIGHT;
    const middle = y + ROW_HEIGHT / 2;
    parts.push(`<text x="${LABEL_WIDTH}" y="${(middle + 4).toFixed(1)}" text-anchor="end">${escape(row.label)}</text>`);
    if (row.stat === null) {
      parts.push(`<text x="${PLOT_LEFT + 4}" y="${(middle + 4).toFixed(1)}" fill="#999">not measured</text>`);
      return;
    }
    const { min, median, max, values: points } = row.stat;
    parts.push(`<rect x="${PLOT_LEFT}" y="${(middle - 9).toFixed(1)}" width="${Math.max(0, x(median) - PLOT_LEFT).toFixed(1)}" height="18" fill="#7aa6d6"/>`);
    parts.push(`<line x1="${x(min).toFixed(1)}" y1="${middle}" x2="${x(max).toFixed(1)}" y2="${middle}" stroke="#1d3f66" stroke-width="1.5"/>`);
    for (const end of [min, max]) {
      parts.push(`<line x1="${x(end).toFixed(1)}" y1="${middle - 6}" x2="${x(end).toFixed(1)}" y2="${middle + 6}" stroke="#1d3f66" stroke-width="1.5"/>`);
    }
    for (const point of points) parts.push(`<circle cx="${x(point).toFixed(1)}" cy="${middle}" r="2.5" fill="#1d3f66"/>`);
    const text = min === max ? chart.format(median) : `${chart.format(median)} (${chart.format(min)}–${chart.format(max)})`;
    parts.push(`<text x="${PLOT_RIGHT + 8}" y="${(middle + 4).toFixed(1)}" fill="#222">${escape(text)}</text>`);
  });
  for (const reference of chart.references ?? []) {
    const rx = x(reference.value).toFixed(1);
    parts.push(`<line x1="${rx}" y1="${TOP - 8}" x2="${rx}" y2="${plotBottom}" stroke="#c0392b" stroke-dasharray="4 3"/>`);
    parts.push(`<text x="${rx}" y="${TOP - 12}" text-anchor="middle" fill="#c0392b" font-size="11">${escape(reference.label)}</text>`);
  }
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
