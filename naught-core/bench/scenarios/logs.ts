/**
 * Scenario 5: the log pipeline. naught-core runs one worker (apps/printer.js)
 * that prints numbered lines as fast as it can, in 64 KiB blocks of whole
 * lines, then "END <count>". Its stdout goes through the daemon into
 * logs/stdout.log, rotated at --max-log-size and gzipped. Measured:
 *
 * - the rate from the worker's first write to the moment its last line is in
 *   a file (the END line read back from the disk, polled every 5 ms), in MiB/s
 *   (1 MiB = 2^20 bytes); and the rate of the worker's own writes (its last
 *   write returned: the pipe only takes what the daemon reads);
 * - after `naught stop` (which waits for every gzip): every archive is
 *   gunzipped and every line is checked: none lost, none twice, in order,
 *   and no file larger than --max-log-size plus its last line.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import type { BenchConfig } from '../config';
import { NAUGHT_CORE_BIN, now, runNode, waitFor } from '../processes';
import { type RunnerContext, type Variant } from '../runners';
import { repeat, short, type ScenarioResult } from './common';

export interface LogFileCheck {
  name: string;
  /** Uncompressed size. */
  bytes: number;
  lines: number;
  lastLineBytes: number;
  /** bytes - lastLineBytes <= maxLogSize: at most the limit plus one line. */
  withinLimit: boolean;
}

export interface LogsRun {
  rep: number;
  bytes: number;
  lines: number;
  /** MiB/s from the first write to the last line on disk. */
  mibPerSecond: number;
  /** MiB/s of the worker's own writes. */
  printMibPerSecond: number;
  storedMs: number;
  printMs: number;
  /** `naught stop`, which returns once every gzip is done. */
  stopMs: number;
  rotations: number;
  linesFound: number;
  linesLost: number;
  linesDuplicated: number;
  /** Places where a line did not follow the one before it (files taken in the order of their first line). */
  outOfOrder: number;
  /** Uncompressed archives left after the stop (a gzip that did not finish). */
  uncompressedLeft: number;
  filesOverLimit: number;
  /** The largest (size - max-log-size) over the files; <= 0 means no file reached past the limit. */
  maxOvershootBytes: number;
  longestLineBytes: number;
  files: LogFileCheck[];
}

const LOG_DIR = 'logs';

/** The END line ("END <count>") at the end of `file`, if it is there. */
function endsWithEnd(file: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return false;
  }
  try {
    const size = fs.fstatSync(fd).size;
    const length = Math.min(size, 64);
    const buffer = Buffer.alloc(length);
    fs.readSync(fd, buffer, 0, length, size - length);
    return /\nEND \d+\n$/.test(`\n${buffer.toString('latin1')}`);
  } finally {
    fs.closeSync(fd);
  }
}

/** The END line reached the disk: at the end of stdout.log, or of the newest archive if the END line itself rotated the file. */
function endIsStored(logDir: string): boolean {
  if (endsWithEnd(path.join(logDir, 'stdout.log'))) return true;
  let size = 0;
  try {
    size = fs.statSync(path.join(logDir, 'stdout.log')).size;
  } catch {
    // not reopened yet
  }
  if (size > 0) return false;
  const archives = fs.readdirSync(logDir).filter((name) => /^stdout-.*\.log$/.test(name)).sort();
  const newest = archives[archives.length - 1];
  if (newest !== undefined && endsWithEnd(path.join(logDir, newest))) return true;
  const gzipped = fs.readdirSync(logDir).filter((name) => /^stdout-.*\.log\.gz$/.test(name)).sort();
  const newestGz = gzipped[gzipped.length - 1];
  if (newestGz === undefined) return false;
  try {
    const text = zlib.gunzipSync(fs.readFileSync(path.join(logDir, newestGz)));
    return /\nEND \d+\n$/.test(`\n${text.subarray(Math.max(0, text.length - 64)).toString('latin1')}`);
  } catch {
    return false; // still being written
  }
}

/** Reads every stdout file (archives gunzipped) and checks every line. */
export function checkLogs(logDir: string, maxLogSize: number, expectedLines: number): Omit<LogsRun, 'rep' | 'bytes' | 'lines' | 'mibPerSecond' | 'printMibPerSecond' | 'storedMs' | 'printMs' | 'stopMs'> {
  const names = fs.readdirSync(logDir).filter((name) => /^stdout.*\.log(\.gz)?$/.test(name));
  const seen = new Uint8Array(expectedLines);
  let linesFound = 0;
  let linesDuplicated = 0;
  let longestLineBytes = 0;
  const files: (LogFileCheck & { first: number; last: number; inner: number })[] = [];
  for (const name of names) {
    const raw = fs.readFileSync(path.join(logDir, name));
    const data = name.endsWith('.gz') ? zlib.gunzipSync(raw) : raw;
    let start = 0;
    let lines = 0;
    let lastLineBytes = 0;
    let first = -1;
    let last = -1;
    let inner = 0;
    while (start < data.length) {
      let end = data.indexOf(10, start);
      if (end === -1) end = data.length - 1;
      const length = end - start + 1;
      lastLineBytes = length;
      longestLineBytes = Math.max(longestLineBytes, length);
      lines++;
      // "line <seq> xxx..."
      if (data[start] === 0x6c) {
        const space = data.indexOf(32, start + 5);
        const seq = Number(data.toString('latin1', start + 5, space));
        if (Number.isInteger(seq) && seq >= 0 && seq < expectedLines) {
          if (seen[seq] === 1) linesDuplicated++;
          else {
            seen[seq] = 1;
            linesFound++;
          }
          if (first === -1) first = seq;
          else if (seq !== last + 1) inner++;
          last = seq;
        }
      }
      start = end + 1;
    }
    files.push({ name, bytes: data.length, lines, lastLineBytes, withinLimit: data.length - lastLineBytes <= maxLogSize, first, last, inner });
  }
  const ordered = files.filter((file) => file.first !== -1).sort((a, b) => a.first - b.first);
  let outOfOrder = ordered.reduce((total, file) => total + file.inner, 0);
  for (let index = 1; index < ordered.length; index++) {
    if ((ordered[index] as { first: number }).first !== (ordered[index - 1] as { last: number }).last + 1) outOfOrder++;
  }
  return {
    rotations: names.filter((name) => name !== 'stdout.log').length,
    linesFound,
    linesLost: expectedLines - linesFound,
    linesDuplicated,
    outOfOrder,
    uncompressedLeft: names.filter((name) => name !== 'stdout.log' && !name.endsWith('.gz')).length,
    filesOverLimit: files.filter((file) => !file.withinLimit).length,
    maxOvershootBytes: Math.max(...files.map((file) => file.bytes - maxLogSize)),
    longestLineBytes,
    files: files.map(({ name, bytes, lines, lastLineBytes, withinLimit }) => ({ name, bytes, lines, lastLineBytes, withinLimit })),
  };
}

export async function logsScenario(config: BenchConfig, context: RunnerContext): Promise<ScenarioResult<LogsRun>> {
  const started = Date.now();
  const { bytes, maxLogSize } = config.logs;
  const variant: Variant = {
    id: 'naught-core-logs',
    label: 'naught-core, 1 worker printing to stdout',
    short: 'naught-core',
    manager: 'naught-core',
    app: 'printer.js',
    env: { BENCH_PRINT_BYTES: String(bytes) },
    workers: 1,
  };
  const startOptions = ['--max-log-size', String(maxLogSize), '--stdout', `${LOG_DIR}/stdout.log`, '--stderr', `${LOG_DIR}/stderr.log`];
  const variants = await repeat(
    'logs',
    [variant],
    config,
    context,
    async (runner, rep): Promise<LogsRun> => {
      await runner.start();
      const logDir = path.join(runner.dir, LOG_DIR);
      const printStart = await waitFor(() => runner.events.ofType('print-start')[0], 10_000);
      if (printStart === null) throw new Error('the printer did not start');
      // Bounded: 10 s plus 1 s per 10 MiB, far beyond the target rate.
      const limitMs = 10_000 + (bytes / 1048576) * 100;
      const storedAt = await waitFor(() => (endIsStored(logDir) ? now() : null), limitMs, 5);
      if (storedAt === null) throw new Error(`the last line was not on disk after ${limitMs} ms`);
      const printEnd = await waitFor(() => runner.events.ofType('print-end')[0], 5_000);
      if (printEnd === null || printEnd.lines === undefined) throw new Error('the printer did not report its end');
      const stop = await runNode([NAUGHT_CORE_BIN, 'stop', '--timeout', '30'], { cwd: runner.dir, timeoutMs: 60_000 });
      if (stop.code !== 0) throw new Error(`naught stop exited ${stop.code}: ${stop.stderr}`);
      const storedMs = storedAt - printStart.t;
      const printMs = printEnd.t - printStart.t;
      return {
        rep,
        bytes,
        lines: printEnd.lines,
        mibPerSecond: bytes / 1048576 / (storedMs / 1000),
        printMibPerSecond: bytes / 1048576 / (printMs / 1000),
        storedMs,
        printMs,
        stopMs: stop.ms,
        ...checkLogs(logDir, maxLogSize, printEnd.lines),
      };
    },
    (run) =>
      `${short(run.mibPerSecond)} MiB/s to disk (worker writes ${short(run.printMibPerSecond)} MiB/s), ${run.rotations} rotations, ` +
      `${run.linesLost} lost, ${run.linesDuplicated} duplicated, ${run.outOfOrder} out of order, ${run.filesOverLimit} file(s) over the limit, stop ${short(run.stopMs, 0)} ms`,
    startOptions,
  );
  return { seconds: (Date.now() - started) / 1000, parameters: { bytes, maxLogSize, workers: 1, blockBytes: 65536 }, variants, skipped: [] };
}
