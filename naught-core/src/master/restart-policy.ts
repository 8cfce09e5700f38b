/**
 * When to restart a worker that died on its own. naught 1.6.0 restarted at
 * once, always, so a server that crashes at start-up was forked thousands of
 * times a minute. Here a worker that had been online for a while is replaced at
 * once; one that dies soon after starting is replaced after a delay that
 * doubles with every such crash in a row, up to a cap (pm2's exponential
 * backoff has the same shape).
 */

export const HEALTHY_UPTIME_MS = 3_000;
export const FIRST_DELAY_MS = 100;
export const MAX_DELAY_MS = 10_000;

export interface RestartDecision {
  delayMs: number;
  /** Crashes in a row for this worker index, counting this one (0 after a healthy run). */
  crashesInARow: number;
}

export class RestartPolicy {
  private readonly streaks = new Map<number, number>();

  /** Decides the delay for replacing the worker at `index` that came online at `onlineAt` (or never). */
  decide(index: number, onlineAt: number | null, now = Date.now()): RestartDecision {
    const healthy = onlineAt !== null && now - onlineAt >= HEALTHY_UPTIME_MS;
    if (healthy) {
      this.streaks.set(index, 0);
      return { delayMs: 0, crashesInARow: 0 };
    }
    const crashesInARow = (this.streaks.get(index) ?? 0) + 1;
    this.streaks.set(index, crashesInARow);
    const delayMs = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (crashesInARow - 1));
    return { delayMs, crashesInARow };
  }

  /** A deploy brings new code: past crashes say nothing about it. */
  reset(): void {
    this.streaks.clear();
  }
}

export function describeRestart(index: number, decision: RestartDecision): string {
  const times = decision.crashesInARow === 1 ? 'time' : 'times';
  return `worker ${index} crashed ${decision.crashesInARow} ${times} in a row; restarting in ${decision.delayMs} ms`;
}
