/**
 * The shared load tool (bench/load.ts: autocannon plus a per-request
 * timeline) with a clock the test can read, so that it can mark the moment of
 * a fault and of the recovery on the same time axis as the requests, and
 * turn a run into the figures recordOutcome() keeps.
 */
import { startLoad, type LoadRun, type LoadSummary, type RequestSample } from '../../bench/load';
import { httpGet, sleep } from '../../test/helpers/naught';

export interface TimedLoad {
  readonly run: LoadRun;
  /** Milliseconds since the load started, on the samples' clock. */
  now(): number;
  /** Requests answered with a 2xx so far. */
  answered(): number;
  /** Stops the load (once; later calls get the same summary). */
  stop(): Promise<LoadSummary>;
}

export interface LoadFigures {
  requests: number;
  failedRequests: number;
  lostInFlight: number;
}

/**
 * Keep-alive load on 127.0.0.1:PORT, as fast as a few connections go, bounded
 * in time (maxSeconds). Few connections leave CPU to the processes under test
 * on a small shared machine; no rate limit, because autocannon spends a
 * limited rate in bursts at the start of each second, and a fault that lands
 * between bursts would meet no request at all.
 */
export function startTimedLoad(port: number, options: { connections?: number; maxSeconds?: number } = {}): TimedLoad {
  const startedAt = performance.now();
  const run = startLoad({
    url: `http://127.0.0.1:${port}/`,
    connections: options.connections ?? 4,
    maxSeconds: options.maxSeconds ?? 60,
    timeoutSeconds: 10,
  });
  let stopped: Promise<LoadSummary> | null = null;
  return {
    run,
    now: () => performance.now() - startedAt,
    answered: () => run.samples.filter((sample) => sample.ok).length,
    stop: () => (stopped ??= run.stop()),
  };
}

/**
 * For a suite that runs load: call it before useSandbox(), so that mocha's
 * afterEach stops any load a failed test left running before the sandbox's
 * cleanup kills the server.
 */
export function useLoadCleanup(): { track(load: TimedLoad): TimedLoad } {
  const running = new Set<TimedLoad>();
  afterEach(async () => {
    for (const load of running) await load.stop().catch(() => undefined);
    running.clear();
  });
  return {
    track(load) {
      running.add(load);
      return load;
    },
  };
}

export function figuresOf(summary: LoadSummary): LoadFigures {
  return { requests: summary.requests, failedRequests: summary.failed, lostInFlight: summary.lostInFlight };
}

/** Failed samples whose outcome came at or after `fromMs`. */
export function failuresFrom(summary: LoadSummary, fromMs: number): RequestSample[] {
  return summary.samples.filter((sample) => !sample.ok && sample.at >= fromMs);
}

/** Successful samples whose outcome came at or after `fromMs`. */
export function successesFrom(summary: LoadSummary, fromMs: number): number {
  return summary.samples.filter((sample) => sample.ok && sample.at >= fromMs).length;
}

/** A short description of the first failures, for assertion messages. */
export function describeFailures(samples: readonly RequestSample[], max = 3): string {
  return samples
    .slice(0, max)
    .map((sample) => `${sample.at.toFixed(0)} ms: ${sample.error ?? `HTTP ${sample.status}`}`)
    .join('; ');
}

export interface ProbeResult {
  ok: number;
  failed: number;
  /** Successful answers per pid (fa-hold.js answers `ok <pid>`). */
  answersByPid: Map<number, number>;
}

/**
 * One request at a time, each on a new connection (no keep-alive), until
 * stopped: shows where cluster sends new connections at each moment, which a
 * keep-alive load, holding its first connections, does not.
 */
export function startFreshConnectionProbe(port: number): { stop(): Promise<ProbeResult> } {
  const result: ProbeResult = { ok: 0, failed: 0, answersByPid: new Map() };
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        const response = await httpGet(port, '/', 5_000);
        const pid = Number(/^ok (\d+)$/.exec(response.body.trim())?.[1]);
        if (response.status === 200 && Number.isInteger(pid)) {
          result.ok += 1;
          result.answersByPid.set(pid, (result.answersByPid.get(pid) ?? 0) + 1);
        } else result.failed += 1;
      } catch {
        result.failed += 1;
      }
      await sleep(5);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return result;
    },
  };
}
