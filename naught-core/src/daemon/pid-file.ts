/**
 * The pid file names the daemon that owns the socket. It is written only
 * after the socket listens (so a daemon that lost a start race never writes
 * it), atomically (a reader never sees half a number), owner-only, and removed
 * on a clean stop only while it still names this process.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export async function writePidFile(pidFile: string, pid = process.pid): Promise<void> {
  await fs.promises.mkdir(path.dirname(pidFile), { recursive: true });
  const temporary = `${pidFile}.${pid}.tmp`;
  await fs.promises.writeFile(temporary, `${pid}\n`, { mode: 0o600 });
  await fs.promises.rename(temporary, pidFile);
}

export function removePidFile(pidFile: string, pid = process.pid): void {
  try {
    if (Number(fs.readFileSync(pidFile, 'utf8').trim()) === pid) fs.unlinkSync(pidFile);
  } catch {
    // gone already, or another daemon's now: leave it
  }
}
