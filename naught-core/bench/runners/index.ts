/**
 * The variants the scenarios compare (a manager plus the app entry it runs),
 * and the factory that makes a runner for one of them.
 */
import { NAUGHT_CORE_BIN } from '../processes';
import { BareRunner } from './bare';
import { NaughtRunner } from './naught';
import { Pm2Runner } from './pm2';
import type { Runner, Variant } from './runner';

export type { Runner, Variant } from './runner';

export const VARIANTS = {
  node: { id: 'node', label: 'bare node (1 process)', short: 'bare node', manager: 'node', app: 'bare.js', workers: 1 },
  cluster: { id: 'cluster', label: 'bare cluster (2 workers)', short: 'bare cluster', manager: 'cluster', app: 'cluster.js', workers: 2 },
  naughtCore: {
    id: 'naught-core',
    label: 'naught-core (handleShutdown + guardCrashes)', short: 'naught-core',
    manager: 'naught-core',
    app: 'naught-lib.js',
    env: { BENCH_GUARD: '1' },
    workers: 2,
  },
  naughtCoreNoGuard: {
    id: 'naught-core-no-guard',
    label: 'naught-core, no guard (handleShutdown only)', short: 'naught-core, no guard',
    manager: 'naught-core',
    app: 'naught-lib.js',
    workers: 2,
  },
  naughtCoreReadme: {
    id: 'naught-core-readme',
    label: "naught-core, README server (server.close() on 'shutdown')", short: 'naught-core, README server',
    manager: 'naught-core',
    app: 'naught-readme.js',
    workers: 2,
  },
  pm2: { id: 'pm2', label: 'pm2 7 cluster (2 instances, wait_ready)', short: 'pm2 7', manager: 'pm2', app: 'pm2.js', workers: 2 },
  naught160: {
    id: 'naught-1.6.0-fixed',
    label: "naught 1.6.0 + 2-line fix, README server", short: 'naught 1.6.0 + fix',
    manager: 'naught-1.6.0',
    app: 'naught-readme.js',
    workers: 2,
  },
} satisfies Record<string, Variant>;

export interface RunnerContext {
  /** lib/main.js of naught 1.6.0 with the two-line fix; null when it could not be fetched. */
  naught160Bin: string | null;
}

export async function createRunner(variant: Variant, context: RunnerContext, naughtStartOptions: string[] = []): Promise<Runner> {
  switch (variant.manager) {
    case 'node':
    case 'cluster':
      return BareRunner.create(variant);
    case 'naught-core':
      return NaughtRunner.create(variant, { bin: NAUGHT_CORE_BIN, startOptions: naughtStartOptions });
    case 'naught-1.6.0':
      if (context.naught160Bin === null) throw new Error('naught 1.6.0 is not available (see the attempt on this Node)');
      return NaughtRunner.create(variant, { bin: context.naught160Bin, startOptions: naughtStartOptions });
    case 'pm2':
      return Pm2Runner.create(variant);
  }
}
