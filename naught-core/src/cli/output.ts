/** Printing, and leaving only once everything printed has been written out. */
import { formatEventLine, type NaughtEvent } from '../events';

export function printLine(stream: 'stdout' | 'stderr', line: string): void {
  process[stream].write(`${line}\n`);
}

export function printText(stream: 'stdout' | 'stderr', text: string): void {
  process[stream].write(text);
}

export function printEvent(event: NaughtEvent): void {
  printLine('stderr', formatEventLine(event));
}

/**
 * Exits once stdout and stderr are flushed: process.exit() right after a
 * write to a pipe can lose the write.
 */
export function exitAfterFlush(code: number): void {
  process.exitCode = code;
  let pending = 2;
  const done = (): void => {
    pending -= 1;
    if (pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}
