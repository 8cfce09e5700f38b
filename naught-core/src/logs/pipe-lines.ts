/**
 * Connects one worker's output pipe to a shared log, whole lines at a time, so
 * that lines from different workers writing to the same log never interleave
 * mid-line, and the worker is paused (its pipe fills, its writes wait) while
 * the log is behind.
 */
import { LineBuffer } from './line-buffer';

/** What pipeLines needs of a log; RotatingLog is one. */
export interface LineSink {
  write(data: Buffer): boolean;
  once(event: 'drain', listener: () => void): unknown;
  removeListener(event: 'drain', listener: () => void): unknown;
}

/** Rewrites a run of whole lines before it is written (timestamps); must return whole lines. */
export type LinesTransform = (lines: Buffer) => Buffer;

/**
 * Reads `source` (a worker's stdout or stderr) and writes its complete lines to
 * `log`, through `transform` if given. When the source ends (or fails, or is
 * destroyed), a last partial line is written with a '\n' appended. An 'error'
 * on the source ends the piping rather than crashing the daemon.
 */
export function pipeLines(source: NodeJS.ReadableStream, log: LineSink, transform: LinesTransform = (lines) => lines): void {
  const lines = new LineBuffer();
  let waitingForDrain = false;
  let finished = false;

  const resume = (): void => {
    waitingForDrain = false;
    if (!finished) source.resume();
  };

  const onData = (chunk: Buffer | string): void => {
    const complete = lines.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    if (complete === null || log.write(transform(complete)) || waitingForDrain) return;
    waitingForDrain = true;
    source.pause();
    log.once('drain', resume);
  };

  const finish = (): void => {
    if (finished) return;
    finished = true;
    source.removeListener('data', onData);
    if (waitingForDrain) log.removeListener('drain', resume);
    const rest = lines.flush();
    if (rest !== null) log.write(transform(rest));
  };

  source.on('data', onData);
  source.once('end', finish);
  source.once('close', finish);
  source.on('error', finish);
}
