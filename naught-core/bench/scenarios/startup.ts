/**
 * Scenario 4: start-up and memory at rest. From the moment the start command
 * is spawned (`node app.js`, `node cluster.js`, `naught start`, `pm2 start`
 * with a fresh PM2_HOME, so including its daemon's start), GET / is tried on
 * a new connection every 5 ms; the figure is the time of the first 2xx
 * answer. Once every worker is online and a second has passed, the RSS of
 * each manager process (every process of the tree that is not a worker) is
 * read, and of the workers too.
 */
import type { BenchConfig } from '../config';
import { commandLine, firstServed, now, rssBytes, sleep } from '../processes';
import { VARIANTS, type Runner, type RunnerContext } from '../runners';
import { sum } from '../stats';
import { pickVariants, repeat, short, type ScenarioResult } from './common';

export interface StartupRun {
  rep: number;
  /** From spawning the start command to the first 2xx answer. */
  firstServedMs: number;
  /** How long the start command took to return (naught start, pm2 start); absent for bare processes. */
  commandMs: number | null;
  managerRssBytes: number;
  managerProcesses: number;
  /** Each manager process: a short name, its command line (cut at 200 characters) and RSS. */
  managers: { name: string; command: string; rssBytes: number | null }[];
  workerRssBytes: number;
}

/** "PM2 v7.0.4: God Daemon", or the last two parts of the script's path ("daemon/main.js"). */
export function processName(command: string): string {
  if (!command.startsWith('/') && !command.startsWith('node')) return command.replace(/\s*\(.*$/, '');
  const script = command.split(' ')[1] ?? command;
  return script.split('/').slice(-2).join('/');
}

export async function startupScenario(config: BenchConfig, context: RunnerContext): Promise<ScenarioResult<StartupRun>> {
  const started = Date.now();
  const { chosen, skipped } = pickVariants([VARIANTS.node, VARIANTS.cluster, VARIANTS.naughtCore, VARIANTS.pm2, VARIANTS.naught160], config, context);
  const variants = await repeat(
    'startup',
    chosen,
    config,
    context,
    async (runner: Runner, rep: number): Promise<StartupRun> => {
      const t0 = now();
      const served = firstServed(runner.port, 60_000);
      const outcome = await runner.start();
      const firstAt = await served;
      if (firstAt === null) throw new Error('no answer within 60 s');
      await sleep(1_000);
      const managerPids = runner.managerPids();
      const workers = runner.events.workerPids();
      return {
        rep,
        firstServedMs: firstAt - t0,
        commandMs: outcome.commandMs,
        managerRssBytes: sum(managerPids.map((pid) => rssBytes(pid) ?? 0)),
        managerProcesses: managerPids.length,
        managers: managerPids.map((pid) => ({ name: processName(commandLine(pid)), command: commandLine(pid).slice(0, 200), rssBytes: rssBytes(pid) })),
        workerRssBytes: sum(workers.map((pid) => rssBytes(pid) ?? 0)),
      };
    },
    (run) =>
      `first answer after ${short(run.firstServedMs)} ms (command ${short(run.commandMs)} ms), ${run.managerProcesses} manager process(es) ${short(run.managerRssBytes / 1048576)} MiB, workers ${short(run.workerRssBytes / 1048576)} MiB`,
  );
  return { seconds: (Date.now() - started) / 1000, parameters: { pollEveryMs: 5, settleBeforeRssMs: 1000 }, variants, skipped };
}
