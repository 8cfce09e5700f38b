/**
 * Writes a bench run out: OUT/benchmarks.md (the page), OUT/benchmarks/results.json
 * (every raw figure) and OUT/benchmarks/*.svg (the charts). Figures on the
 * page are the measured values, shown with a fixed number of decimals; the
 * JSON keeps them unrounded.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rangeChartSvg, type RangeChart } from './charts';
import { REPO_ROOT } from './processes';
import type { BenchResults } from './results';
import { VARIANTS } from './runners';
import type { ScenarioResult, VariantResult } from './scenarios/common';
import { stat, type Stat } from './stats';
import { checkTargets, mib, ms, percent } from './targets';

export const DATA_DIR = 'benchmarks';
export const JSON_FILE = 'results.json';

const fixed = (digits: number) => (value: number) => value.toFixed(digits);
const integer = (value: number): string => Math.round(value).toLocaleString('en-US');

/** "median (min–max)" for a table cell. */
function cell(value: Stat | null | undefined, format: (value: number) => string): string {
  if (value === null || value === undefined) return 'n/a';
  if (value.min === value.max) return format(value.median);
  return `${format(value.median)} (${format(value.min)}–${format(value.max)})`;
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.map((text) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function kinds(counts: Record<string, number>[]): string {
  const total: Record<string, number> = {};
  for (const count of counts) for (const [kind, n] of Object.entries(count)) total[kind] = (total[kind] ?? 0) + n;
  const entries = Object.entries(total).sort((a, b) => b[1] - a[1]);
  return entries.length === 0 ? 'none' : entries.map(([kind, n]) => `${kind} ×${n}`).join(', ');
}

/** The lines that say which variants failed to run or were left out. */
function problems(result: ScenarioResult<unknown>): string[] {
  const lines: string[] = [];
  for (const variant of result.variants as VariantResult<unknown>[]) {
    for (const error of variant.errors) lines.push(`- **${variant.label}**: a run failed and is not in the figures: ${error.split('\n')[0]}`);
  }
  for (const skipped of result.skipped) lines.push(`- **${skipped.label}**: not run: ${skipped.reason}`);
  return lines;
}

class Page {
  readonly lines: string[] = [];
  readonly charts = new Map<string, string>();

  add(...lines: string[]): void {
    this.lines.push(...lines);
  }

  chart(file: string, chart: RangeChart, alt: string): void {
    this.charts.set(file, rangeChartSvg(chart));
    this.add('', `![${alt}](${DATA_DIR}/${file})`, '');
  }
}

function writeMachine(page: Page, results: BenchResults): void {
  const { meta } = results;
  const { machine } = meta;
  const load = (values: number[]): string => values.map((value) => value.toFixed(2)).join(' / ');
  page.add(
    '## The machine',
    '',
    table(
      ['', ''],
      [
        ['CPU', `${machine.cpuModel}, ${machine.cores} cores available to Node (os.availableParallelism())`],
        ['memory', `${(machine.memoryBytes / 1024 ** 3).toFixed(1)} GiB`],
        ['system', `${machine.platform}, kernel ${machine.kernel}`],
        ['Node.js', machine.node],
        ['tools', Object.entries(machine.versions).map(([name, version]) => `${name} ${version}`).join(', ')],
        ['load average (1 / 5 / 15 min)', `${load(meta.loadAverageStart)} at the start, ${load(meta.loadAverageEnd)} at the end`],
        ['1-min load average during the run (every 10 s)', cell(stat(meta.loadAverageSamples), fixed(2)) + ` over ${meta.loadAverageSamples.length} readings, median (min–max)`],
        ['run', `${meta.startedAt} to ${meta.finishedAt}, ${(meta.seconds / 60).toFixed(1)} min, ${meta.repetitions} repetition(s), mode ${meta.mode}`],
      ],
    ),
    '',
    `The load generator (autocannon, as a library, in the bench process) shares these ${machine.cores} cores with the servers, ` +
      'as do the managers themselves, and the machine was shared with other work during the run (the load averages above tell how much). ' +
      'So the absolute figures are this machine\'s; the comparisons hold within the run, where every variant met the same conditions: ' +
      'repetitions are interleaved (one of each variant, then the next round) in a rotating order.',
    '',
  );
  if (meta.leftoverProcesses > 0) page.add(`**${meta.leftoverProcesses} process(es) of the run were still alive at the end and were ended by PID.**`, '');
}

function writeTargets(page: Page, results: BenchResults): void {
  page.add('## The targets', '', 'Reported by the benchmark, never asserted by a timed test.', '');
  const rows = checkTargets(results).map((check) => [check.target, check.figure, check.met === null ? 'not measured' : check.met ? 'met' : '**missed**']);
  page.add(table(['target', 'figure in this run', 'verdict'], rows), '');
}

function writeNaught160(page: Page, results: BenchResults): void {
  const probe = results.naught160;
  page.add('## naught 1.6.0 on this Node', '');
  if (probe === null) {
    page.add('Not tried in this run.', '');
    return;
  }
  if (!probe.fetched) {
    page.add(`naught 1.6.0 could not be fetched, so it was not measured: ${probe.fetchError ?? 'unknown reason'}.`, '');
    return;
  }
  const attempt = probe.attempt;
  if (attempt !== null) {
    const output = (text: string): string => (text.trim() === '' ? 'nothing' : `\`${text.trim().split('\n').join(' ⏎ ')}\``);
    page.add(
      `Fetched with \`npm pack naught@1.6.0\` and \`npm install --prefix\` of its two dependencies into a temporary directory. ` +
        `\`naught start --worker-count 2\` with the published code, on Node ${probe.nodeVersion}:`,
      '',
      table(
        ['what', 'measured'],
        [
          ['exit code', `${attempt.code ?? attempt.signal}`],
          ['time to return', ms(attempt.ms)],
          ['stdout', output(attempt.stdout)],
          ['stderr', output(attempt.stderr)],
          ['files in its directory a second later', attempt.filesAfter.length === 0 ? 'none' : attempt.filesAfter.join(', ')],
          ['its processes still running a second later', attempt.processesAfter.length === 0 ? 'none' : attempt.processesAfter.join('; ')],
          ['GET / on its port', attempt.requestAfter],
        ],
      ),
      '',
    );
  }
  if (probe.daemonAlone !== null) {
    page.add(
      `Why: \`naught start\` runs its daemon detached with its output discarded. Run on its own with the same arguments, the daemon exits ` +
        `with code ${probe.daemonAlone.code ?? probe.daemonAlone.signal} after ${ms(probe.daemonAlone.ms)}: \`${probe.daemonAlone.firstError ?? 'no error line'}\`.`,
      '',
    );
  }
  if (probe.fixedBin !== null) {
    page.add(
      'The rows **naught 1.6.0 + 2-line fix** below run a copy of the package patched at bench time with these two changes in `lib/daemon.js` ' +
        '(the second is needed once the first lets the daemon get further); they are not what `npm install naught` gives:',
      '',
      '```diff',
      ...probe.fix.flatMap((change) => [`- ${change.from.trim()}`, `+ ${change.to.trim()}`]),
      '```',
      '',
    );
  } else {
    page.add('The two-line fix could not be applied, so naught 1.6.0 is not measured in the scenarios below.', '');
  }
}

function writeThroughput(page: Page, results: BenchResults): void {
  const result = results.throughput;
  if (result === null) return;
  const { connections, seconds, warmupSeconds } = result.parameters as { connections: number; seconds: number; warmupSeconds: number };
  page.add(
    '## 1. Throughput and latency',
    '',
    `autocannon, ${connections} keep-alive connections, GET / as fast as the server answers: ${warmupSeconds} s of warm-up, then ${seconds} s measured. ` +
      'Requests/s is autocannon\'s mean of its per-second counts; p99 its 99th percentile latency; failed as in the deploys below. ' +
      'Ratios are taken to the bare cluster of the same repetition, then summarized. ' +
      'CPU per request is the CPU time (user + system, from /proc) that the workers and the manager processes used during the measured load, ' +
      'divided by the requests answered: it leaves out the time a process waited for a core, though sharing the cores still moves it ' +
      '(caches, context switches). Figures: median (min–max).',
    '',
  );
  const rows = result.variants.map((variant) => {
    const ratio = result.ratios[variant.id];
    return [
      variant.label,
      cell(variant.summary.requestsPerSecond, integer),
      cell(ratio?.requestsPerSecond, percent),
      cell(variant.summary.p99Ms, fixed(1)),
      cell(ratio?.p99Ms, percent),
      cell(variant.summary.failed, integer),
      `${cell(variant.summary.workerCpuUsPerRequest, fixed(0))} + ${cell(variant.summary.managerCpuUsPerRequest, fixed(1))}`,
    ];
  });
  page.add(
    table(['variant', 'requests/s', 'ratio to bare cluster', 'p99 latency (ms)', 'p99 ratio to bare cluster', 'failed', 'CPU per request (µs): workers + manager'], rows),
  );
  page.add(...problems(result), '');
  const cluster = result.variants.find((variant) => variant.id === VARIANTS.cluster.id)?.summary.requestsPerSecond;
  if (cluster !== null && cluster !== undefined && cluster.min > 0 && cluster.max / cluster.min >= 1.1) {
    page.add(
      `How noisy requests/s was in this run: the bare cluster alone, the same program each time, ranged from ${integer(cluster.min)} to ${integer(cluster.max)} requests/s ` +
        `(×${(cluster.max / cluster.min).toFixed(2)}) across its repetitions. Differences between variants smaller than that are not resolved by this run.`,
      '',
    );
  }
  page.chart(
    'throughput-ratio.svg',
    {
      title: 'Throughput, ratio to the bare cluster (median, min–max)',
      unit: 'requests/s as a fraction of the bare cluster\'s in the same repetition',
      rows: result.variants.map((variant) => ({ label: variant.short, stat: result.ratios[variant.id]?.requestsPerSecond ?? null })),
      references: [{ value: 0.97, label: 'target 0.97' }],
      format: fixed(3),
    },
    'Throughput as a ratio to the bare cluster',
  );
  page.chart(
    'cpu-per-request.svg',
    {
      title: 'CPU time per request, workers and manager together (median, min–max)',
      unit: 'µs of CPU (user + system) per answered request (lower is better)',
      rows: result.variants.map((variant) => {
        const workers = variant.summary.workerCpuUsPerRequest;
        const managers = variant.summary.managerCpuUsPerRequest;
        const totals = variant.runs.map((run) => run.workerCpuUsPerRequest + run.managerCpuUsPerRequest);
        return { label: variant.short, stat: workers === null || workers === undefined || managers === null || managers === undefined ? null : stat(totals) };
      }),
      format: fixed(0),
    },
    'CPU time per request',
  );
  page.chart(
    'p99-ratio.svg',
    {
      title: 'p99 latency, ratio to the bare cluster (median, min–max)',
      unit: 'p99 latency as a multiple of the bare cluster\'s in the same repetition (lower is better)',
      rows: result.variants.map((variant) => ({ label: variant.short, stat: result.ratios[variant.id]?.p99Ms ?? null })),
      references: [{ value: 1, label: 'bare cluster' }],
      format: fixed(2),
    },
    'p99 latency as a ratio to the bare cluster',
  );
}

function writeDeploys(page: Page, results: BenchResults): void {
  const result = results.deploys;
  if (result === null) return;
  const parameters = result.parameters as { connections: number; deploysPerRepetition: number; pauseMs: number; requestTimeoutSeconds: number };
  page.add(
    '## 2. Deploys under load',
    '',
    `${parameters.deploysPerRepetition} deploys in a row per repetition (${parameters.pauseMs} ms apart) while autocannon keeps ${parameters.connections} keep-alive connections busy; ` +
      `a request counts as failed on an error, a timeout (${parameters.requestTimeoutSeconds} s) or a non-2xx answer, ` +
      'or when it was lost in flight: sent on a connection that the server then closed cleanly without answering it ' +
      '(autocannon reconnects without counting those; the shared load tool, bench/load.ts, counts them per connection, without a time). ' +
      'The deploy is `naught deploy` (naught-core, naught 1.6.0) or `pm2 reload` (rolling, one instance at a time), timed from the command to its exit. ' +
      'Failed requests: per repetition of all its deploys, median (min–max). Durations: over every deploy of every repetition; ' +
      '"new workers online" is when the last new worker of the deploy reported it listens; after that, the old workers leave ' +
      '(pm2\'s reload is rolling: its first old instance has left before its second new one starts).',
    '',
  );
  const rows = result.variants.map((variant) => {
    const deploys = variant.runs.reduce((sum, run) => sum + run.deployCount, 0);
    const ok = variant.runs.reduce((sum, run) => sum + run.deploysOk, 0);
    const failed = variant.runs.reduce((sum, run) => sum + run.failed, 0);
    return [
      variant.label,
      cell(variant.summary.failed, integer),
      `${failed} over ${deploys}`,
      kinds(variant.runs.map((run) => run.failureKinds)),
      `${ok} / ${deploys}`,
      cell(variant.summary.deployMs, fixed(0)),
      cell(variant.summary.newOnlineMs, fixed(0)),
    ];
  });
  page.add(
    table(
      ['variant', 'failed per repetition', 'failed over all deploys', 'kinds of failure', 'deploys completed', 'deploy duration (ms)', 'of which: new workers online after (ms)'],
      rows,
    ),
  );
  page.add(...problems(result), '');
  page.chart(
    'deploy-failures.svg',
    {
      title: `Failed requests per ${parameters.deploysPerRepetition} deploys under load (median, min–max)`,
      unit: 'failed requests (errors + timeouts + non-2xx + lost in flight) per repetition',
      rows: result.variants.map((variant) => ({ label: variant.short, stat: variant.summary.failed ?? null })),
      format: integer,
    },
    'Failed requests during deploys under load',
  );
  page.chart(
    'deploy-duration.svg',
    {
      title: 'Duration of each deploy under load (median, min–max over all deploys)',
      unit: 'ms from the deploy command to its exit',
      rows: result.variants.map((variant) => ({ label: variant.short, stat: variant.summary.deployMs ?? null })),
      format: fixed(0),
    },
    'Duration of each deploy',
  );
}

function writeCrash(page: Page, results: BenchResults): void {
  const result = results.crash;
  if (result === null) return;
  const parameters = result.parameters as { connections: number; requestTimeoutSeconds: number };
  page.add(
    '## 3. A crash under load',
    '',
    `2 workers under ${parameters.connections} keep-alive connections; one GET /crash, on a connection of its own, makes the worker that takes it throw in a timer. ` +
      '"Failed" counts the requests of the load that failed: errors, timeouts, non-2xx and requests lost in flight, as in the deploys ' +
      '(the crashing request is not one of them, and never succeeds). ' +
      '"Replacement online" runs from the crash to the new worker\'s listen callback; "its own boot" is that worker\'s `process.uptime()` at that moment, ' +
      'so the difference is what the manager adds (noticing the crash, forking). ' +
      'With the guard, the crashed worker serves until its replacement is online, then drains: it waits for the crashing request\'s client ' +
      'to give up (here after 2 s), which is why it is gone later than without the guard.',
    '',
  );
  const rows = result.variants.map((variant) => [
    variant.label,
    cell(variant.summary.failed, integer),
    kinds(variant.runs.map((run) => run.failureKinds)),
    [...new Set(variant.runs.map((run) => run.crashRequest))].join(', '),
    cell(variant.summary.replacementMs, fixed(1)),
    cell(variant.summary.replacementBootMs, fixed(1)),
    cell(variant.summary.managerDelayMs, fixed(1)),
    cell(variant.summary.crashedExitMs, fixed(0)),
  ]);
  page.add(
    table(['variant', 'failed', 'kinds of failure', 'the crashing request', 'replacement online (ms)', 'its own boot (ms)', 'difference (ms)', 'crashed worker gone after (ms)'], rows),
  );
  page.add(...problems(result), '');
  page.chart(
    'crash-failures.svg',
    {
      title: 'Requests failed by a crash under load, besides the crashing one (median, min–max)',
      unit: 'failed requests of the load',
      rows: result.variants.map((variant) => ({ label: variant.short, stat: variant.summary.failed ?? null })),
      format: integer,
    },
    'Failed requests after a crash under load',
  );
  page.chart(
    'crash-replacement.svg',
    {
      title: 'From the crash to the replacement online, and that worker\'s own boot (median, min–max)',
      unit: 'ms',
      rows: result.variants.flatMap((variant) => [
        { label: `${variant.short}: replacement`, stat: variant.summary.replacementMs ?? null },
        { label: `${variant.short}: its own boot`, stat: variant.summary.replacementBootMs ?? null },
      ]),
      format: fixed(1),
    },
    'Time until the replacement is online',
  );
}

function writeStartup(page: Page, results: BenchResults): void {
  const startup = results.startup;
  const throughput = results.throughput;
  if (startup === null && throughput === null) return;
  page.add('## 4. Start-up and memory', '');
  if (startup !== null) {
    page.add(
      'Start-up: from spawning the start command (`node app`, `naught start`, `pm2 start` with a fresh `PM2_HOME`, so with its daemon\'s start) ' +
        'to the first 2xx answer to GET /, tried on a new connection every 5 ms. Memory: RSS of every process of the manager that is not a worker, ' +
        'summed, a second after start-up ("at rest") and right after the 1st scenario\'s load ("after load").',
      '',
    );
    const busy = (id: string): string => cell(throughput?.variants.find((variant) => variant.id === id)?.summary.managerRssBytes, mib);
    const rows = startup.variants.map((variant) => [
      variant.label,
      cell(variant.summary.firstServedMs, fixed(1)),
      cell(variant.summary.commandMs, fixed(1)),
      variant.id === VARIANTS.node.id ? 'none (the process is the worker)' : [...new Set(variant.runs.flatMap((run) => run.managers.map((manager) => `\`${manager.name}\``)))].join('; '),
      variant.id === VARIANTS.node.id ? '—' : cell(variant.summary.managerRssBytes, mib),
      variant.id === VARIANTS.node.id ? '—' : busy(variant.id),
      cell(variant.summary.workerRssBytes, mib),
    ]);
    page.add(table(['variant', 'first answer (ms)', 'start command returned (ms)', 'manager processes', 'manager RSS at rest', 'manager RSS after load', 'workers\' RSS at rest'], rows));
    page.add(...problems(startup), '');
    page.chart(
      'startup.svg',
      {
        title: 'From the start command to the first answer (median, min–max)',
        unit: 'ms',
        rows: startup.variants.map((variant) => ({ label: variant.short, stat: variant.summary.firstServedMs ?? null })),
        format: fixed(0),
      },
      'Start-up time',
    );
    const memoryRows = startup.variants
      .filter((variant) => variant.id !== VARIANTS.node.id)
      .flatMap((variant) => [
        { label: `${variant.short}: at rest`, stat: variant.summary.managerRssBytes ?? null },
        { label: `${variant.short}: after load`, stat: throughput?.variants.find((candidate) => candidate.id === variant.id)?.summary.managerRssBytes ?? null },
      ])
      .map((row) => ({ label: row.label, stat: row.stat === null ? null : scale(row.stat, 1 / 1048576) }));
    page.chart(
      'memory.svg',
      { title: 'RSS of the manager processes, workers excluded (median, min–max)', unit: 'MiB', rows: memoryRows, format: fixed(1) },
      'Memory of the manager processes',
    );
  }
}

function scale(value: Stat, factor: number): Stat {
  return { min: value.min * factor, median: value.median * factor, max: value.max * factor, values: value.values.map((item) => item * factor) };
}

function writeLogs(page: Page, results: BenchResults): void {
  const result = results.logs;
  if (result === null) return;
  const parameters = result.parameters as { bytes: number; maxLogSize: number };
  page.add(
    '## 5. Logs',
    '',
    `One worker under naught-core prints ${mib(parameters.bytes)} of numbered lines (28 to 173 bytes) to stdout, in 64 KiB writes, as fast as the pipe takes them; ` +
      `the daemon writes them to \`stdout.log\`, rotated at \`--max-log-size ${parameters.maxLogSize}\` and gzipped. ` +
      'The rate runs from the first write to the last line read back from the disk (MiB/s, 1 MiB = 2^20 bytes = 1.048576 MB). ' +
      'After `naught stop` (which waits for the gzips), every archive is gunzipped and every line checked.',
    '',
  );
  const variant = result.variants[0];
  if (variant !== undefined) {
    const total = (pick: (run: (typeof variant.runs)[number]) => number): number => variant.runs.reduce((sum, run) => sum + pick(run), 0);
    page.add(
      table(
        ['figure', 'median (min–max)'],
        [
          ['to disk (MiB/s)', cell(variant.summary.mibPerSecond, fixed(1))],
          ['the worker\'s own writes (MiB/s)', cell(variant.summary.printMibPerSecond, fixed(1))],
          ['lines per repetition', cell(variant.summary.lines, integer)],
          ['rotations per repetition', cell(variant.summary.rotations, integer)],
          ['`naught stop` (ms), gzips included', cell(variant.summary.stopMs, fixed(0))],
          ['lines lost / duplicated / out of order (all repetitions)', `${total((run) => run.linesLost)} / ${total((run) => run.linesDuplicated)} / ${total((run) => run.outOfOrder)}`],
          ['files over --max-log-size plus one line (all repetitions)', `${total((run) => run.filesOverLimit)} of ${total((run) => run.files.length)}`],
          ['largest file minus --max-log-size (bytes)', cell(variant.summary.maxOvershootBytes, integer)],
          ['uncompressed archives left after the stop', String(total((run) => run.uncompressedLeft))],
        ],
      ),
    );
    page.add(...problems(result), '');
    page.chart(
      'logs.svg',
      {
        title: 'Worker output through naught-core into rotating gzipped files (median, min–max)',
        unit: 'MiB/s',
        rows: [
          { label: 'to disk', stat: variant.summary.mibPerSecond ?? null },
          { label: 'the worker\'s own writes', stat: variant.summary.printMibPerSecond ?? null },
        ],
        references: [{ value: 100 / 1.048576, label: 'target 100 MB/s' }],
        format: fixed(1),
      },
      'Log pipeline throughput',
    );
  }
}

function writeReproduce(page: Page, results: BenchResults): void {
  page.add(
    '## Reproduce',
    '',
    '```sh',
    'make bench                 # every scenario, 3 repetitions, writes this page (this run: ' + (results.meta.seconds / 60).toFixed(1) + ' min)',
    'BENCH_QUICK=1 make bench   # about 2 minutes: 1 repetition, short loads (a smoke run, not for publishing)',
    '```',
    '',
    'The code is in `naught-core/bench/`: `main.ts` runs the scenarios (`scenarios/`), each against runners for every manager (`runners/`), ' +
      'with the apps of `apps/` (one Express 5 app, `apps/app.js`, with an entry file per manager). Everything runs on 127.0.0.1, in temporary ' +
      'directories, and every process started is stopped by PID (pm2 with `pm2 kill`, its `PM2_HOME` in a temporary directory). ' +
      `The raw data of this run: [${DATA_DIR}/${JSON_FILE}](${DATA_DIR}/${JSON_FILE}).`,
    '',
    'The apps: `bare.js` (bare node), `cluster.js` (a bare `cluster` primary that re-forks dead workers), `naught-lib.js` ' +
      '(`handleShutdown`, plus `guardCrashes` unless "no guard"), `naught-readme.js` (`process.send(\'online\')` and `server.close()` on \'shutdown\', as naught\'s README asks), ' +
      '`pm2.js` (`process.send(\'ready\')` and `server.close()` on SIGINT, as pm2\'s documentation asks).',
    '',
  );
}

export function renderPage(results: BenchResults): Page {
  const page = new Page();
  page.add(
    '# Benchmarks: naught-core, naught 1.6.0, pm2 and a bare cluster',
    '',
    `Written by \`make bench\` (naught-core/bench/) on ${results.meta.finishedAt.slice(0, 10)}. ` +
      `Every figure is the median with the min and max over ${results.meta.repetitions} repetition(s), measured in one run on the machine below.`,
    '',
  );
  if (results.meta.mode === 'quick') page.add('**Quick smoke run (BENCH_QUICK=1): not the published figures.**', '');
  writeTargets(page, results);
  writeMachine(page, results);
  writeNaught160(page, results);
  writeThroughput(page, results);
  writeDeploys(page, results);
  writeCrash(page, results);
  writeStartup(page, results);
  writeLogs(page, results);
  writeReproduce(page, results);
  return page;
}

/** Writes the page, the JSON and the charts under `outDir`; returns the files written. */
export function writeReport(results: BenchResults, outDir: string): string[] {
  const dataDir = path.join(outDir, DATA_DIR);
  fs.mkdirSync(dataDir, { recursive: true });
  const page = renderPage(results);
  // Charts of an earlier run that this run did not draw would no longer match the page.
  for (const file of fs.readdirSync(dataDir)) if (file.endsWith('.svg') && !page.charts.has(file)) fs.rmSync(path.join(dataDir, file));
  const written: string[] = [];
  const write = (file: string, text: string): void => {
    fs.writeFileSync(file, text);
    written.push(file);
  };
  const config = { ...results.config, outDir: path.relative(REPO_ROOT, results.config.outDir) || '.' };
  write(path.join(dataDir, JSON_FILE), JSON.stringify({ ...results, config, targets: checkTargets(results) }, null, 2) + '\n');
  for (const [file, svg] of page.charts) write(path.join(dataDir, file), svg);
  write(path.join(outDir, 'benchmarks.md'), page.lines.join('\n').replace(/\n{3,}/g, '\n\n') + '\n');
  return written;
}
