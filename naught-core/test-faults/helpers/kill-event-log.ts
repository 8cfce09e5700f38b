/**
 * The naught log read as a sequence of events, so that a test strikes at a
 * chosen point (after SpawnNew ×2, after ShutdownOld ×2 ...) instead of after
 * a blind sleep; and the lines of a command's stderr that are not events.
 */
import { waitFor, type RunResult, type Sandbox } from '../../test/helpers/naught';

/** The naught log as a list of lines, read afresh each time; marks let a test look only at what came after. */
export class EventLog {
  constructor(
    private readonly sandbox: Sandbox,
    private readonly file = 'naught.log',
  ) {}

  lines(): string[] {
    if (!this.sandbox.exists(this.file)) return [];
    return this.sandbox.read(this.file).split('\n').filter((line) => line !== '');
  }

  /** The number of lines so far: pass it to `since` and `waitForEvent` to ignore earlier lines. */
  mark(): number {
    return this.lines().length;
  }

  /**
   * Waits until the log's last line is `Ready` (the CLI may return on the event before the daemon's log
   * write lands), then marks: what follows is the next operation's.
   */
  async markWhenIdle(timeoutMs = 10_000): Promise<number> {
    await waitFor(() => this.lines().at(-1)?.startsWith('Ready. ') === true, timeoutMs, `${this.file} to end with Ready`);
    return this.mark();
  }

  since(mark: number): string[] {
    return this.lines().slice(mark);
  }

  /** Event names (the word before the first '.') of the lines after `mark`. */
  eventsSince(mark: number): string[] {
    return this.since(mark).map((line) => line.split('.')[0] as string);
  }

  /** Waits until `count` lines of event `name` were logged after `mark`. */
  async waitForEvent(name: string, count = 1, mark = 0, timeoutMs = 20_000): Promise<void> {
    const prefix = `${name}. `;
    await waitFor(
      () => this.since(mark).filter((line) => line.startsWith(prefix)).length >= count,
      timeoutMs,
      `${count} × ${name} in ${this.file} (after line ${mark}); it holds:\n${this.since(mark).join('\n')}`,
    );
  }
}

/** The lines of a command's stderr that are not event lines. */
export function nonEventLines(run: RunResult): string[] {
  return run.stderr.split('\n').filter((line) => line !== '' && !/^[A-Z][A-Za-z]+\. booting: \d+/.test(line));
}
