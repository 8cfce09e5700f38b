/**
 * `make soak` (not in CI): SOAK_MINUTES (default 30) of deploys every
 * SOAK_INTERVAL_S seconds (default 10) of a 2-worker naught-ready server
 * (fa-hold.js, on naught-core's worker library) under keep-alive load, with
 * the daemon's RSS sampled from /proc every second. Prints a table, writes
 * SOAK_OUTPUT (default test-faults/.results/soak.json), and exits 1 if a
 * request failed or was lost, a deploy did not succeed as documented, or RSS
 * or the heap left after a full GC grew (rule in helpers/load-soak-report.ts;
 * the daemon runs with fixtures/daemon-gc-probe.js, which forces that GC
 * every few seconds). Everything it starts is ended by PID, at the end and on
 * SIGINT/SIGTERM.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Sandbox, descendantsOf, freePort, sleep } from '../test/helpers/naught';
import { deployLines, text } from '../test/helpers/expected-output';
import { fixtureEnv, useFaultFixture } from './helpers/kill-fixtures';
import { figuresOf, startTimedLoad, type TimedLoad } from './helpers/load-timed';
import { rssKiB } from './helpers/load-proc';
import { formatReport, judgeHeap, judgeRss, type DeployResult, type MemorySample } from './helpers/load-soak-report';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 30);
const INTERVAL_S = Number(process.env.SOAK_INTERVAL_S ?? 10);
const OUTPUT = path.resolve(process.env.SOAK_OUTPUT ?? path.join(__dirname, '.results', 'soak.json'));
const WORKERS = 2;
const EXPECTED_DEPLOY_OUTPUT = text(...deployLines(WORKERS, WORKERS), 'done');
const GC_PROBE = path.join(__dirname, 'fixtures', 'daemon-gc-probe.js');

let sandbox: Sandbox | null = null;
let load: TimedLoad | null = null;

/** Stops the load, then kills what the soak started (the daemon's tree and anything in the sandbox) by PID. */
async function cleanUp(): Promise<void> {
  await load?.stop().catch(() => undefined);
  load = null;
  await sandbox?.cleanup();
  sandbox = null;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`soak: ${signal}, cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });
}

async function main(): Promise<number> {
  if (!(MINUTES > 0) || !(INTERVAL_S >= 2)) throw new Error('SOAK_MINUTES must be > 0 and SOAK_INTERVAL_S at least 2');
  sandbox = await Sandbox.create('naught-soak-');
  const port = await freePort();
  useFaultFixture(sandbox, 'fa-hold.js');
  const gcLog = sandbox.path('daemon-gc.jsonl');
  // Inherited by every node process naught starts; the probe acts in the daemon only.
  const env = fixtureEnv(port, { NODE_OPTIONS: `--expose-gc --require ${GC_PROBE}`, NAUGHT_SOAK_GC_LOG: gcLog });
  const start = await sandbox.naught(['start', '--worker-count', String(WORKERS), 'server.js'], { env, timeoutMs: 60_000 });
  if (start.code !== 0) throw new Error(`naught start failed: ${start.stderr}`);
  const daemon = Number(sandbox.read('naught.pid').trim());
  console.log(`soak: ${MINUTES} min, a deploy every ${INTERVAL_S} s, daemon ${daemon}, port ${port}, sandbox ${sandbox.dir}`);

  const began = performance.now();
  const beganEpochMs = Date.now();
  const elapsedS = (): number => Math.round((performance.now() - began) / 100) / 10;
  const rss: MemorySample[] = [];
  const sampler = setInterval(() => {
    try {
      rss.push({ atS: elapsedS(), kib: rssKiB(daemon) });
    } catch {
      // the daemon is gone: the deploys will say so
    }
  }, 1_000);
  const deploys: DeployResult[] = [];
  const endAt = began + MINUTES * 60_000;
  try {
    // One load run per deploy, so that per-deploy figures come out and the per-request timeline stays small.
    for (let round = 1; performance.now() + INTERVAL_S * 1_000 <= endAt; round += 1) {
      const segmentEnd = performance.now() + INTERVAL_S * 1_000;
      load = startTimedLoad(port, { maxSeconds: INTERVAL_S + 30 });
      await sleep(1_000);
      const atS = elapsedS();
      const deployStarted = performance.now();
      const deploy = await sandbox.naught(['deploy'], { env, timeoutMs: 60_000 });
      const durationMs = Math.round(performance.now() - deployStarted);
      await sleep(Math.max(0, segmentEnd - performance.now()));
      const figures = figuresOf(await load.stop());
      load = null;
      const result: DeployResult = {
        round,
        atS,
        exitCode: deploy.code,
        asDocumented: deploy.code === 0 && deploy.stdout === '' && deploy.stderr === EXPECTED_DEPLOY_OUTPUT,
        durationMs,
        requests: figures.requests,
        failedRequests: figures.failedRequests,
        lostInFlight: figures.lostInFlight,
      };
      deploys.push(result);
      console.log(`round ${round}: deploy exit ${deploy.code} in ${durationMs} ms; ${figures.requests} requests, ${figures.failedRequests} failed, ${figures.lostInFlight} lost; RSS ${rss.at(-1)?.kib ?? '?'} KiB`);
      if (descendantsOf(daemon).length !== WORKERS) console.log(`round ${round}: ${descendantsOf(daemon).length} workers instead of ${WORKERS}`);
    }
  } finally {
    clearInterval(sampler);
  }
  const heap = heapAfterGc(gcLog, beganEpochMs);
  const stop = await sandbox.naught(['stop'], { timeoutMs: 60_000 });

  const rssVerdict = judgeRss(rss, MINUTES * 60);
  const heapVerdict = judgeHeap(heap, MINUTES * 60);
  const failed = deploys.reduce((sum, deploy) => sum + deploy.failedRequests, 0);
  const lost = deploys.reduce((sum, deploy) => sum + deploy.lostInFlight, 0);
  const requests = deploys.reduce((sum, deploy) => sum + deploy.requests, 0);
  const badDeploys = deploys.filter((deploy) => !deploy.asDocumented).length;
  const passed = failed === 0 && lost === 0 && badDeploys === 0 && !rssVerdict.grew && !heapVerdict.grew && stop.code === 0;
  console.log(`\n${formatReport(deploys, { rss, heap, rssVerdict, heapVerdict })}`);
  console.log(`\n${deploys.length} deploys (${badDeploys} not as documented), ${requests} requests, ${failed} failed, ${lost} lost in flight; stop exit ${stop.code}`);
  const report = {
    config: { minutes: MINUTES, intervalS: INTERVAL_S, workers: WORKERS, connections: 4 },
    totals: { deploys: deploys.length, badDeploys, requests, failedRequests: failed, lostInFlight: lost, stopExitCode: stop.code },
    rssVerdict,
    heapVerdict,
    deploys,
    rss,
    heapAfterGc: heap,
    passed,
  };
  fs.mkdirSync(path.dirname(OUTPUT), { recursive: true });
  fs.writeFileSync(OUTPUT, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`written: ${OUTPUT}`);
  console.log(passed ? 'soak: PASS' : 'soak: FAIL');
  return passed ? 0 : 1;
}

/** The probe's lines: the daemon's heap used right after each forced GC, on the soak's clock. */
function heapAfterGc(gcLog: string, beganEpochMs: number): MemorySample[] {
  if (!fs.existsSync(gcLog)) throw new Error(`the GC probe wrote nothing to ${gcLog}: was it preloaded into the daemon?`);
  return fs
    .readFileSync(gcLog, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { at: number; heapUsed: number })
    .map(({ at, heapUsed }) => ({ atS: Math.round((at - beganEpochMs) / 100) / 10, kib: Math.round(heapUsed / 1024) }));
}

main()
  .catch((error: unknown) => {
    console.error(`soak: ${(error as Error).stack ?? String(error)}`);
    return 1;
  })
  .then(async (code) => {
    await cleanUp();
    process.exit(code);
  })
  .catch(() => process.exit(1));
