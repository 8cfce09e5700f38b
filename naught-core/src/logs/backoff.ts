/**
 * A doubling delay between retries of a failing operation, so that a file that
 * stays unwritable produces an error now and then instead of a busy loop of them.
 */
export class Backoff {
  private current: number;

  constructor(
    private readonly initial: number,
    private readonly max: number,
  ) {
    this.current = initial;
  }

  /** The delay to wait now; the following one will be twice as long, up to `max`. */
  next(): number {
    const delay = this.current;
    this.current = Math.min(this.current * 2, this.max);
    return delay;
  }

  /** Call after a success, so the next failure is retried quickly again. */
  reset(): void {
    this.current = this.initial;
  }
}
