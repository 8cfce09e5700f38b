/**
 * Runs one runner through the scenario: start it, put a steady load on `/`,
 * send one `GET /read` (the crash), keep the load going, stop everything.
 *
 * Every request of the load is recorded with its outcome and time by the
 * shared load tool (naught-core/bench/load.ts, autocannon underneath). Just
 * before `/read`, a few more requests to `/` are sent on their own
 * connections: the "bystanders", still being worked on when `/read` crashes
 * the process. They are measured separately because autocannon does not see
 * such a loss: when a dying process's socket closes without a reset, it
 * quietly reconnects and sends a new request, and the lost one is never
 * counted. Node's http client, used for the bystanders, reports it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { measureDowntime, startLoad, type RequestSample } from '../../../naught-core/bench/load';
import { freePort, get, sendInFlight, sleep, waitUntilServing, type GetResult } from './processes';
import type { Runner, Running } from './runners';

export interface ScenarioOptions {
  /** How long the load runs, in seconds. */
  seconds: number;
  /** When `GET /read` is sent, in ms after the load started. */
  readAtMs: number;
  /** Load clients, each sending its next request as soon as the previous one is answered (keep-alive). */
  connections: number;
  /** Slow requests (`/?work=500`) sent just before `/read`, each on a new connection: surely still in progress when it crashes the app. */
  bystanders: number;
  /**
   * The app has been answering for at least this long when `/read` comes: the
   * load starts later if needed. naught-core restarts a worker that dies less
   * than 3 s after it came online with a delay (its crash-loop backoff), which
   * a server that has been up for hours would not get.
   */
  minUptimeMs: number;
  /** Called about once a second while the load runs. */
  onProgress?: (runner: Runner, elapsedMs: number, ok: number, failed: number) => void;
}

export const DEFAULT_SCENARIO: Omit<ScenarioOptions, 'onProgress'> = { seconds: 6, readAtMs: 1_500, connections: 4, bystanders: 4, minUptimeMs: 3_500 };

/** What the bystanders ask for: a page that takes 500 ms, so that a hiccup of this process cannot let them finish before `/read` arrives. */
export const BYSTANDER_PATH = '/?work=500';
/** How long before `/read` the bystanders are sent, at least; `/read` also waits until they are all written to connected sockets. */
export const BYSTANDER_LEAD_MS = 15;
/** How long the demo waits for `/read` and for a bystander before it gives up. */
const SINGLE_REQUEST_TIMEOUT_MS = 3_000;

export interface SingleRequest {
  /** ms since the load started. */
  sentAt: number;
  endedAt: number;
  ok: boolean;
  /** 'HTTP 200', 'ECONNRESET', 'timeout'... */
  outcome: string;
}

export interface RunnerResult {
  id: string;
  label: string;
  command: string;
  expectation: string;
  port: number;
  /** Every request: the load's, the bystanders and `/read`. */
  requests: number;
  /** Every failed request: the load's, the bystanders' and `/read` (it never gets an answer). */
  failed: number;
  loadRequests: number;
  loadFailed: number;
  /** First failure of the load to its first success after its last failure, in ms; 0 if none failed; null if it never recovered. */
  downtimeMs: number | null;
  /** From `/read` to the load's first success after its last failure, in ms; 0 if none failed; null if never. */
  recoveryMs: number | null;
  recovered: boolean;
  firstFailureAt: number | null;
  recoveredAt: number | null;
  read: SingleRequest;
  bystanders: SingleRequest[];
  bystandersLost: number;
  durationMs: number;
  /** The load's failures by kind: ECONNREFUSED, ECONNRESET, timeout, HTTP 500... */
  failuresByKind: Record<string, number>;
  samples: RequestSample[];
  /** Set when the run itself went wrong (the runner did not start...). */
  error: string | null;
}

function single(sentAt: number, result: GetResult, endedAt: number): SingleRequest {
  const ok = result.error === null && result.status !== null && result.status >= 200 && result.status < 300;
  return { sentAt, endedAt, ok, outcome: result.error ?? `HTTP ${result.status}` };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/** The runner being measured, so that a Ctrl+C can still stop what it started (see stopCurrentRunner). */
let current: { running: Running; workDir: string } | null = null;

/** Stops the processes of the runner being measured, if any, and removes its directory: for a SIGINT or SIGTERM in the middle of the demo. */
export async function stopCurrentRunner(): Promise<void> {
  const measuring = current;
  current = null;
  if (measuring === null) return;
  await measuring.running.stop();
  fs.rmSync(measuring.workDir, { recursive: true, force: true });
}

export async function measureRunner(runner: Runner, options: ScenarioOptions): Promise<RunnerResult> {
  const port = await freePort();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `crash-demo-${runner.id}-`));
  const base = { id: runner.id, label: runner.label, command: runner.command, expectation: runner.expectation, port };
  let running: Running | null = null;
  try {
    running = await runner.start({ port, workDir });
    current = { running, workDir };
    const started = running;
    await waitUntilServing(port, 20_000, () => `(${runner.label}):\n${started.output()}`);
    await sleep(options.minUptimeMs - options.readAtMs);

    const loadStartedAt = performance.now();
    const clock = (): number => round(performance.now() - loadStartedAt);
    const load = startLoad({
      url: `http://127.0.0.1:${port}/`,
      connections: options.connections,
      maxSeconds: options.seconds + 5, // a bound; stop() below ends it on time
      timeoutSeconds: 2,
      onTick: (samples) => {
        const failed = samples.filter((sample) => !sample.ok).length;
        options.onProgress?.(runner, clock(), samples.length - failed, failed);
      },
    });
    await sleep(options.readAtMs - BYSTANDER_LEAD_MS);
    const bystandersSentAt = clock();
    const inFlight = await sendInFlight(port, BYSTANDER_PATH, options.bystanders, SINGLE_REQUEST_TIMEOUT_MS);
    const bystanders = inFlight.results.map((result) => result.then((done) => single(bystandersSentAt, done, clock())));
    await sleep(BYSTANDER_LEAD_MS - (clock() - bystandersSentAt));
    const readSentAt = clock();
    const reading = get(port, '/read', SINGLE_REQUEST_TIMEOUT_MS).then((result) => single(readSentAt, result, clock()));
    await sleep(options.seconds * 1_000 - clock());
    const summary = await load.stop();
    const read = await reading;
    const bystanderResults = await Promise.all(bystanders);
    const durationMs = clock();

    const downtime = measureDowntime(summary.samples, read.sentAt);
    const failuresByKind: Record<string, number> = {};
    for (const sample of summary.samples) {
      if (sample.ok) continue;
      const kind = sample.error ?? `HTTP ${sample.status}`;
      failuresByKind[kind] = (failuresByKind[kind] ?? 0) + 1;
    }
    const loadFailed = summary.samples.length - summary.ok;
    const bystandersLost = bystanderResults.filter((request) => !request.ok).length;
    let recoveryMs: number | null = 0;
    if (downtime.firstFailureAt !== null) recoveryMs = downtime.recoveredAt === null ? null : round(downtime.recoveredAt - read.sentAt);
    return {
      ...base,
      requests: summary.samples.length + bystanderResults.length + 1,
      failed: loadFailed + bystandersLost + (read.ok ? 0 : 1),
      loadRequests: summary.samples.length,
      loadFailed,
      downtimeMs: downtime.downtimeMs,
      recoveryMs,
      recovered: downtime.downtimeMs !== null,
      firstFailureAt: downtime.firstFailureAt,
      recoveredAt: downtime.recoveredAt,
      read,
      bystanders: bystanderResults,
      bystandersLost,
      durationMs,
      failuresByKind,
      samples: summary.samples,
      error: null,
    };
  } catch (error) {
    return {
      ...base,
      requests: 0,
      failed: 0,
      loadRequests: 0,
      loadFailed: 0,
      downtimeMs: null,
      recoveryMs: null,
      recovered: false,
      firstFailureAt: null,
      recoveredAt: null,
      read: { sentAt: 0, endedAt: 0, ok: false, outcome: 'not sent' },
      bystanders: [],
      bystandersLost: 0,
      durationMs: 0,
      failuresByKind: {},
      samples: [],
      error: `${(error as Error).message}${running === null ? '' : `\n${running.output()}`}`,
    };
  } finally {
    current = null;
    if (running !== null) await running.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}
