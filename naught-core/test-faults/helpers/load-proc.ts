/**
 * What the kernel says about a process, read from /proc: CPU time used (for
 * "the manager does not busy-loop") and resident memory (for "its RSS does
 * not grow"). Read-only; no process is touched.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';

/** Clock ticks per second, the unit of utime and stime in /proc/PID/stat. */
export const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** utime + stime of the process itself (not its children), in milliseconds. */
export function cpuTimeMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after "pid (comm) ": state is field 3; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** Resident set size in KiB (VmRSS of /proc/PID/status). */
export function rssKiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (match === null) throw new Error(`no VmRSS for ${pid}`);
  return Number(match[1]);
}

/** A window of CPU use of one process: start it, then read the share of one core used since. */
export class CpuWindow {
  private readonly startCpuMs: number;
  private readonly startWallMs = performance.now();

  constructor(private readonly pid: number) {
    this.startCpuMs = cpuTimeMs(pid);
  }

  /** CPU milliseconds and percent of one core since the window opened. */
  read(): { cpuMs: number; wallMs: number; percent: number } {
    const cpuMs = cpuTimeMs(this.pid) - this.startCpuMs;
    const wallMs = performance.now() - this.startWallMs;
    return { cpuMs: Math.round(cpuMs), wallMs: Math.round(wallMs), percent: Math.round((cpuMs / wallMs) * 1000) / 10 };
  }
}
