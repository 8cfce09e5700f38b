/**
 * A steady HTTP load that records the outcome and time of every request,
 * shared by the crash demo (chapters/05-crash-demo) and `make bench`. The load
 * itself is autocannon's (a maintained generator, used as a library); this
 * file only listens to its events and keeps a timeline, because autocannon's
 * own result has totals, not the moment each request failed or recovered.
 */
import autocannon from 'autocannon';

export interface RequestSample {
  /** Milliseconds since the load started, when the outcome was known. */
  at: number;
  ok: boolean;
  /** HTTP status, when a response arrived. */
  status: number | null;
  /** 'timeout', the error code (ECONNREFUSED, ECONNRESET...) or the error message, for a failure without a response. */
  error: string | null;
  /** Response time in ms, when a response arrived. */
  latencyMs: number | null;
}

export interface LoadOptions {
  url: string;
  connections: number;
  /** Stop by itself after this many seconds (a bound for every run). */
  maxSeconds: number;
  /** Seconds before a request counts as timed out. */
  timeoutSeconds?: number;
  /** Requests per second for all connections together; unset: as fast as possible. */
  overallRate?: number;
  /** Called about once a second with the samples so far. */
  onTick?: (samples: readonly RequestSample[]) => void;
}

export interface LoadSummary {
  samples: RequestSample[];
  requests: number;
  ok: number;
  /** Errors + timeouts + non-2xx responses + requests lost in flight. */
  failed: number;
  /**
   * Requests that never got an answer because the server closed their
   * connection cleanly (FIN) while they were in flight. autocannon reconnects
   * and sends the next request without counting such a loss, so it is counted
   * here per connection: requests sent, minus responses, timeouts and
   * connection errors (each counted by autocannon already), minus the one
   * request a connection still has in flight when the load stops, minus the
   * requests autocannon writes into a connection after the server answered
   * `Connection: close` (a client must not reuse it: browsers and Node's
   * agent do not; that request is lost by the client's own doing).
   */
  lostInFlight: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  /** autocannon's totals, for throughput and latency figures. */
  result: autocannon.Result;
}

export interface LoadRun {
  readonly samples: readonly RequestSample[];
  /** Stops the load (or waits for it to end by itself) and sums it up. */
  stop(): Promise<LoadSummary>;
}

export function startLoad(options: LoadOptions): LoadRun {
  const samples: RequestSample[] = [];
  const startedAt = performance.now();
  const now = (): number => Math.round((performance.now() - startedAt) * 10) / 10;
  const connections: ConnectionTally[] = [];
  let instance!: autocannon.Instance;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.maxSeconds,
        timeout: options.timeoutSeconds ?? 10,
        ...(options.overallRate === undefined ? {} : { overallRate: options.overallRate }),
        setupClient: (client: autocannon.Client) => connections.push(tallyConnection(client)),
      },
      (error: unknown, result: autocannon.Result) => (error ? reject(error as Error) : resolve(result)),
    );
  });
  // Attach at once so an early failure cannot become an unhandled rejection; stop() reports it.
  finished.catch(() => undefined);
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    const ok = statusCode >= 200 && statusCode < 300;
    samples.push({ at: now(), ok, status: statusCode, error: null, latencyMs: Math.round(responseTime * 10) / 10 });
  });
  instance.on('reqError', (error: NodeJS.ErrnoException) => {
    const name = error.code ?? (/timeout/i.test(error.message) ? 'timeout' : error.message);
    samples.push({ at: now(), ok: false, status: null, error: name, latencyMs: null });
  });
  const ticker = options.onTick === undefined ? null : setInterval(() => options.onTick?.(samples), 1000);
  return {
    samples,
    async stop() {
      instance.stop();
      try {
        const result = await finished;
        return summarize(samples, result, connections);
      } finally {
        if (ticker !== null) clearInterval(ticker);
      }
    },
  };
}

interface ConnectionTally {
  sent: number;
  answered: number;
  /** Timeouts and connection errors: losses autocannon counts itself. */
  counted: number;
  /** Requests written after a `Connection: close` answer. */
  afterClose: number;
}

/** Follows one autocannon client (one connection slot, across its reconnects). */
function tallyConnection(client: autocannon.Client): ConnectionTally {
  const tally: ConnectionTally = { sent: 0, answered: 0, counted: 0, afterClose: 0 };
  let serverClosing = false;
  // autocannon's Client is an EventEmitter; its typings do not list these events.
  const events = client as unknown as NodeJS.EventEmitter;
  // The parser's view of the answer's headers: shouldKeepAlive is false for `Connection: close`.
  events.on('headers', (headers: { shouldKeepAlive?: boolean }) => {
    if (headers.shouldKeepAlive === false) serverClosing = true;
  });
  events.on('request', () => {
    tally.sent += 1;
    if (serverClosing) tally.afterClose += 1;
    serverClosing = false;
  });
  events.on('response', () => (tally.answered += 1));
  events.on('timeout', () => (tally.counted += 1));
  events.on('connError', () => (tally.counted += 1));
  return tally;
}

/** Requests that vanished without an answer, a timeout or an error (see LoadSummary.lostInFlight). */
function countLostInFlight(connections: readonly ConnectionTally[]): number {
  // One request per connection may still be in flight when the load stops: not a loss.
  return connections.reduce((lost, tally) => lost + Math.max(0, tally.sent - tally.answered - tally.counted - tally.afterClose - 1), 0);
}

function summarize(samples: RequestSample[], result: autocannon.Result, connections: readonly ConnectionTally[]): LoadSummary {
  const ok = samples.filter((sample) => sample.ok).length;
  const lostInFlight = countLostInFlight(connections);
  return {
    samples,
    requests: samples.length + lostInFlight,
    ok,
    lostInFlight,
    failed: result.errors + result.non2xx + lostInFlight,
    errors: result.errors - result.timeouts,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    result,
  };
}

export interface Downtime {
  /** Time of the first failure after `from`, or null if none failed. */
  firstFailureAt: number | null;
  /** Time of the first success after the last failure (recovery), or null if it never recovered. */
  recoveredAt: number | null;
  /** recoveredAt - firstFailureAt, 0 when nothing failed, null when it never recovered. */
  downtimeMs: number | null;
}

/** Reads the outage that starts at or after `from` (ms) out of a timeline. */
export function measureDowntime(samples: readonly RequestSample[], from = 0): Downtime {
  const after = samples.filter((sample) => sample.at >= from);
  const failures = after.filter((sample) => !sample.ok);
  if (failures.length === 0) return { firstFailureAt: null, recoveredAt: null, downtimeMs: 0 };
  const firstFailureAt = (failures[0] as RequestSample).at;
  const lastFailureAt = (failures[failures.length - 1] as RequestSample).at;
  const recovery = after.find((sample) => sample.ok && sample.at > lastFailureAt);
  if (recovery === undefined) return { firstFailureAt, recoveredAt: null, downtimeMs: null };
  return { firstFailureAt, recoveredAt: recovery.at, downtimeMs: Math.round((recovery.at - firstFailureAt) * 10) / 10 };
}
