/**
 * Reads what the bench apps report through the BENCH_EVENTS file
 * (apps/events.js): which processes are workers, when each came online and
 * how long its own boot took, when a crash was triggered, when printing
 * started and ended.
 */
import * as fs from 'node:fs';

export interface AppEvent {
  type: 'online' | 'crash' | 'print-start' | 'print-end';
  pid: number;
  /** Milliseconds since 1970, the clock of processes.now(). */
  t: number;
  /** 'online': the worker's process.uptime() when it started listening, in ms. */
  bootMs?: number;
  /** 'print-end': lines and bytes printed. */
  lines?: number;
  bytes?: number;
}

export class EventLog {
  constructor(readonly file: string) {}

  read(): AppEvent[] {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      return [];
    }
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as AppEvent);
  }

  ofType(type: AppEvent['type']): AppEvent[] {
    return this.read().filter((event) => event.type === type);
  }

  /** Every process that ever came online as a worker. */
  workerPids(): number[] {
    return [...new Set(this.ofType('online').map((event) => event.pid))];
  }
}
