/**
 * `make demo`: one bad route, several ways to run the server. Compiles the
 * app, then for each runner: starts it on a fresh port, puts a steady load on
 * `/`, sends one `GET /read` (the crash), records every request, and stops
 * every process it started. Prints a table and writes an HTML report and the
 * raw results as JSON.
 *
 *   npx tsx chapters/05-crash-demo/demo/run-demo.ts [--only id,id] [--seconds N] [--out DIR]
 *
 * Runner ids: node, supervisor, nodemon, pm2-fork, pm2-cluster, naught-1,
 * naught-1-guard, naught-2, naught-2-guard (default: all of them).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildApp, CHAPTER_DIR } from './build';
import { DEFAULT_SCENARIO, measureRunner, stopCurrentRunner, type RunnerResult, type ScenarioOptions } from './measure';
import { formatTable, machineInfo, renderHtml, toJson, type DemoReport } from './report';
import { RUNNERS, type Runner } from './runners';

export const DEFAULT_OUT_DIR = path.join(CHAPTER_DIR, 'reports');

export interface DemoOptions {
  /** Runner ids, in the order to run; default: all. */
  only?: string[];
  /** Seconds of load per runner (default 6); `/read` comes after a quarter of it. */
  seconds?: number;
  /** Where crash-demo.html and crash-demo.json go (default chapters/05-crash-demo/reports). */
  outDir?: string;
  /** Where progress lines go (default: stdout). */
  print?: (line: string) => void;
}

export interface DemoOutcome {
  report: DemoReport;
  table: string;
  htmlPath: string;
  jsonPath: string;
}

export function selectRunners(ids: string[] | undefined): Runner[] {
  if (ids === undefined || ids.length === 0) return [...RUNNERS];
  return ids.map((id) => {
    const runner = RUNNERS.find((candidate) => candidate.id === id);
    if (runner === undefined) throw new Error(`no runner "${id}"; the runners are: ${RUNNERS.map((r) => r.id).join(', ')}`);
    return runner;
  });
}

export async function runDemo(options: DemoOptions = {}): Promise<DemoOutcome> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const startedAt = performance.now();
  const runners = selectRunners(options.only);
  const seconds = options.seconds ?? DEFAULT_SCENARIO.seconds;
  const scenario: Omit<ScenarioOptions, 'onProgress'> = {
    ...DEFAULT_SCENARIO,
    seconds,
    readAtMs: Math.round((seconds * 1_000) / 4),
  };
  print('Compiling the app (app/*.ts -> dist/*.js) with the TypeScript compiler API');
  buildApp({ force: true });

  const results: RunnerResult[] = [];
  for (const [i, runner] of runners.entries()) {
    print(`[${i + 1}/${runners.length}] ${runner.label}: ${runner.command}`);
    const result = await measureRunner(runner, {
      ...scenario,
      onProgress: (_runner, elapsedMs, ok, failed) => {
        const at = elapsedMs >= scenario.readAtMs ? '  (after GET /read)' : '';
        print(`      ${(elapsedMs / 1000).toFixed(1).padStart(4)} s  ok ${String(ok).padStart(5)}  failed ${String(failed).padStart(6)}${at}`);
      },
    });
    results.push(result);
    if (result.error !== null) print(`      this runner failed: ${result.error.split('\n')[0]}`);
    else print(`      done: ${result.failed} failed, ${result.recovered ? `recovered, downtime ${Math.round(result.downtimeMs ?? 0)} ms` : 'never recovered'}`);
  }

  const report: DemoReport = {
    generatedAt: new Date().toISOString(),
    machine: machineInfo(),
    scenario,
    totalMs: Math.round(performance.now() - startedAt),
    results,
  };
  const outDir = options.outDir ?? DEFAULT_OUT_DIR;
  fs.mkdirSync(outDir, { recursive: true });
  const htmlPath = path.join(outDir, 'crash-demo.html');
  const jsonPath = path.join(outDir, 'crash-demo.json');
  fs.writeFileSync(htmlPath, renderHtml(report));
  fs.writeFileSync(jsonPath, `${JSON.stringify(toJson(report))}\n`);
  return { report, table: formatTable(results), htmlPath, jsonPath };
}

function parseArgs(argv: string[]): DemoOptions {
  const options: DemoOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--only') options.only = value().split(',').filter((id) => id !== '');
    else if (arg === '--seconds') {
      const seconds = Number(value());
      if (!(Number.isFinite(seconds) && seconds >= 2 && seconds <= 30)) throw new Error('--seconds must be a number from 2 to 30');
      options.seconds = seconds;
    } else if (arg === '--out') options.outDir = path.resolve(value());
    else throw new Error(`unknown option ${arg}; usage: run-demo.ts [--only id,id] [--seconds N] [--out DIR]`);
  }
  return options;
}

async function main(): Promise<void> {
  // The managers run in process groups of their own (pm2 as a daemon), out of reach of the terminal's
  // Ctrl+C: on SIGINT or SIGTERM, stop the current runner's processes by PID before leaving.
  // tsx passes the terminal's Ctrl+C on to this process, which gets its own as well: act on the first one only.
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      process.stderr.write(`\n${signal}: stopping the current runner's processes\n`);
      void stopCurrentRunner().finally(() => process.exit(130));
    });
  }
  const outcome = await runDemo(parseArgs(process.argv.slice(2)));
  const failedRuns = outcome.report.results.filter((result) => result.error !== null);
  process.stdout.write(`\n${outcome.table}\n\n`);
  process.stdout.write(`HTML report: ${outcome.htmlPath}\n`);
  process.stdout.write(`raw results: ${outcome.jsonPath}\n`);
  process.stdout.write(`the demo took ${(outcome.report.totalMs / 1000).toFixed(1)} s\n`);
  if (failedRuns.length > 0) {
    for (const result of failedRuns) process.stderr.write(`\n${result.label} did not run:\n${result.error}\n`);
    process.exitCode = 1;
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`crash demo failed: ${(error as Error).message}\n`);
    process.exitCode = 1;
  });
}
