/**
 * `make bench`: naught-core against bare node, a bare cluster, pm2 and naught
 * 1.6.0, on 127.0.0.1, bounded in time. Runs the scenarios of config.ts, then
 * writes docs/benchmarks.md, docs/benchmarks/results.json and the SVG charts
 * (report.ts). Run from the repository root, after `make build`:
 *
 *   node_modules/.bin/tsx naught-core/bench/main.ts
 *
 * Whatever happens (a failed run, Ctrl+C), every process this run started is
 * ended by PID before it exits, and its temporary directories are removed.
 */
import * as fs from 'node:fs';
import { loadConfig, type ScenarioId } from './config';
import { loadAverage, machineInfo } from './machine';
import { NAUGHT_CORE_BIN, ourProcesses, reap, removeDir, tempDir } from './processes';
import { writeReport } from './report';
import type { BenchResults } from './results';
import { VARIANTS, type RunnerContext } from './runners';
import { probeNaught160 } from './runners/naught-160';
import { crashScenario } from './scenarios/crash';
import { deploysScenario } from './scenarios/deploys';
import { logsScenario } from './scenarios/logs';
import { startupScenario } from './scenarios/startup';
import { throughputScenario } from './scenarios/throughput';

/** Ends every process of this run still alive (by PID, tagged ones only). */
async function sweep(): Promise<number> {
  const left = ourProcesses();
  if (left.length > 0) await reap(left);
  return left.length;
}

async function main(): Promise<void> {
  const config = loadConfig();
  if (!fs.existsSync(NAUGHT_CORE_BIN)) throw new Error(`${NAUGHT_CORE_BIN} is missing: run make build first`);
  const started = new Date();
  const loadAverageStart = loadAverage();
  console.log(`bench: mode ${config.mode}, ${config.repetitions} repetition(s), scenarios ${config.scenarios.join(', ')}; load average ${loadAverageStart.join(' ')}`);
  const workDir = tempDir('naught-bench-160-');
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted) return;
    interrupted = true;
    console.error(`bench: ${signal}, stopping everything it started`);
    void sweep().finally(() => {
      removeDir(workDir);
      process.exit(130);
    });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const results: BenchResults = {
    meta: {
      startedAt: started.toISOString(),
      finishedAt: '',
      seconds: 0,
      mode: config.mode,
      repetitions: config.repetitions,
      machine: machineInfo(),
      loadAverageStart,
      loadAverageEnd: loadAverageStart,
      loadAverageSamples: [loadAverageStart[0]],
      leftoverProcesses: 0,
    },
    config,
    naught160: null,
    throughput: null,
    deploys: null,
    crash: null,
    startup: null,
    logs: null,
  };
  const sampler = setInterval(() => results.meta.loadAverageSamples.push(loadAverage()[0]), 10_000).unref();
  const context: RunnerContext = { naught160Bin: null };
  const wants = (scenario: ScenarioId): boolean => config.scenarios.includes(scenario);
  try {
    const usesNaught160 =
      wants('naught-1.6.0') ||
      ((config.variants === null || config.variants.includes(VARIANTS.naught160.id)) && (['throughput', 'deploys', 'crash', 'startup'] as const).some(wants));
    if (usesNaught160) {
      console.log('[naught-1.6.0] fetching naught 1.6.0 and trying it on this Node');
      results.naught160 = await probeNaught160(workDir);
      context.naught160Bin = results.naught160.fixedBin;
      const attempt = results.naught160.attempt;
      console.log(
        results.naught160.fetched
          ? `[naught-1.6.0] start as published: exit ${attempt?.code}, stdout ${JSON.stringify(attempt?.stdout)}, stderr ${JSON.stringify(attempt?.stderr)}, ` +
              `processes left ${attempt?.processesAfter.length}, GET / -> ${attempt?.requestAfter}; daemon alone: ${results.naught160.daemonAlone?.firstError}`
          : `[naught-1.6.0] not available: ${results.naught160.fetchError}`,
      );
    }
    if (wants('throughput')) results.throughput = await throughputScenario(config, context);
    if (wants('deploys')) results.deploys = await deploysScenario(config, context);
    if (wants('crash')) results.crash = await crashScenario(config, context);
    if (wants('startup')) results.startup = await startupScenario(config, context);
    if (wants('logs')) results.logs = await logsScenario(config, context);
  } finally {
    clearInterval(sampler);
    results.meta.leftoverProcesses = await sweep();
    removeDir(workDir);
  }
  const finished = new Date();
  results.meta.finishedAt = finished.toISOString();
  results.meta.seconds = (finished.getTime() - started.getTime()) / 1000;
  results.meta.loadAverageEnd = loadAverage();
  const files = writeReport(results, config.outDir);
  console.log(`bench: done in ${(results.meta.seconds / 60).toFixed(1)} min; load average ${results.meta.loadAverageEnd.join(' ')}; wrote:\n  ${files.join('\n  ')}`);
}

main().catch(async (error: unknown) => {
  console.error(error);
  await sweep();
  process.exitCode = 1;
});
