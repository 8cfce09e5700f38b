/**
 * The bench's parameters. `make bench` runs the full set (3 repetitions,
 * about 20 minutes on a 2-core machine); BENCH_QUICK=1 is a smoke run of
 * about 2 minutes (1 repetition, short loads: its figures are not for
 * publishing). Other variables narrow a run, for tests and for work on one
 * scenario:
 *
 *   BENCH_SCENARIOS=deploys,crash   only these scenarios (throughput, deploys, crash, startup, logs, naught-1.6.0)
 *   BENCH_VARIANTS=naught-core,pm2  only these variants (ids of runners/index.ts)
 *   BENCH_REPS=N                    repetitions
 *   BENCH_DEPLOYS=N                 deploys per repetition
 *   BENCH_LOG_MB=N, BENCH_LOG_MAX_KB=N   bytes printed, and --max-log-size, in the log scenario
 *   BENCH_OUT_DIR=DIR               where benchmarks.md and benchmarks/ go (default: docs/)
 */
import * as path from 'node:path';
import { REPO_ROOT } from './processes';

export const SCENARIOS = ['naught-1.6.0', 'throughput', 'deploys', 'crash', 'startup', 'logs'] as const;
export type ScenarioId = (typeof SCENARIOS)[number];

export interface BenchConfig {
  mode: 'full' | 'quick';
  repetitions: number;
  scenarios: ScenarioId[];
  /** null: every variant. */
  variants: string[] | null;
  outDir: string;
  throughput: { connections: number; warmupSeconds: number; seconds: number };
  deploys: { connections: number; count: number; pauseMs: number; timeoutSeconds: number };
  crash: { connections: number; timeoutSeconds: number };
  logs: { bytes: number; maxLogSize: number };
}

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, not ${JSON.stringify(raw)}`);
  return value;
}

function list(name: string): string[] | null {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return null;
  return raw.split(',').map((item) => item.trim()).filter(Boolean);
}

export function loadConfig(): BenchConfig {
  const quick = process.env.BENCH_QUICK === '1';
  const scenarios = list('BENCH_SCENARIOS') ?? [...SCENARIOS];
  for (const scenario of scenarios) {
    if (!(SCENARIOS as readonly string[]).includes(scenario)) throw new Error(`unknown scenario ${scenario}; known: ${SCENARIOS.join(', ')}`);
  }
  return {
    mode: quick ? 'quick' : 'full',
    repetitions: Math.round(positive('BENCH_REPS', quick ? 1 : 3)),
    scenarios: scenarios as ScenarioId[],
    variants: list('BENCH_VARIANTS'),
    outDir: path.resolve(process.env.BENCH_OUT_DIR ?? path.join(REPO_ROOT, 'docs')),
    throughput: { connections: 20, warmupSeconds: quick ? 1 : 2, seconds: quick ? 3 : 8 },
    deploys: { connections: 20, count: Math.round(positive('BENCH_DEPLOYS', quick ? 3 : 20)), pauseMs: 250, timeoutSeconds: 3 },
    crash: { connections: 20, timeoutSeconds: 3 },
    logs: {
      bytes: Math.round(positive('BENCH_LOG_MB', quick ? 24 : 200) * 1024 * 1024),
      maxLogSize: Math.round(positive('BENCH_LOG_MAX_KB', quick ? 2048 : 10240) * 1024),
    },
  };
}
