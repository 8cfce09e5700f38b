/**
 * The shape of a bench run's raw data: what main.ts collects, what the JSON
 * file holds and what the report, the charts and the target checks read.
 */
import type { BenchConfig } from './config';
import type { MachineInfo } from './machine';
import type { Naught160Probe } from './runners/naught-160';
import type { ScenarioResult } from './scenarios/common';
import type { CrashRun } from './scenarios/crash';
import type { DeploysRun } from './scenarios/deploys';
import type { LogsRun } from './scenarios/logs';
import type { StartupRun } from './scenarios/startup';
import type { ThroughputResult } from './scenarios/throughput';

export interface BenchResults {
  meta: {
    startedAt: string;
    finishedAt: string;
    /** Wall time of the whole run. */
    seconds: number;
    mode: BenchConfig['mode'];
    repetitions: number;
    machine: MachineInfo;
    /** 1, 5 and 15 minute load averages at the start and at the end. */
    loadAverageStart: [number, number, number];
    loadAverageEnd: [number, number, number];
    /** The 1-minute load average, read every 10 s during the run. */
    loadAverageSamples: number[];
    /** Processes of this run still alive at the end that had to be ended by PID (should be none). */
    leftoverProcesses: number;
  };
  config: BenchConfig;
  naught160: Naught160Probe | null;
  throughput: ThroughputResult | null;
  deploys: ScenarioResult<DeploysRun> | null;
  crash: ScenarioResult<CrashRun> | null;
  startup: ScenarioResult<StartupRun> | null;
  logs: ScenarioResult<LogsRun> | null;
}
