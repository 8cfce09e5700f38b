/** Resident memory of a process, as `ps` and `top` show it, read from /proc. */
import * as fsp from 'node:fs/promises';

/** VmRSS of `pid` in bytes, or null if it cannot be read (the process is gone, or no /proc). */
export async function readRssBytes(pid: number): Promise<number | null> {
  let status: string;
  try {
    status = await fsp.readFile(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  return parseVmRss(status);
}

/** The `VmRSS:  12345 kB` line of /proc/PID/status, in bytes; null without one (a zombie has none). */
export function parseVmRss(status: string): number | null {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  return match === null ? null : Number(match[1]) * 1024;
}
