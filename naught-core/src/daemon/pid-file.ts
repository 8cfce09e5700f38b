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
  await writeNewFile(temporary, `${pid}\n`);
  await fs.promises.rename(temporary, pidFile);
}

/**
 * Creates `file` afresh ('wx': O_EXCL, which never follows a symlink), owner-only.
 * Whatever is already at that name (a leftover, or a symlink planted by another
 * user in a shared directory to make us overwrite its target) is removed first:
 * unlink removes the link itself, never what it points to.
 */
async function writeNewFile(file: string, content: string): Promise<void> {
  try {
    await fs.promises.writeFile(file, content, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    await fs.promises.unlink(file);
    await fs.promises.writeFile(file, content, { mode: 0o600, flag: 'wx' });
  }
}

export function removePidFile(pidFile: string, pid = process.pid): void {
  try {
    if (Number(fs.readFileSync(pidFile, 'utf8').trim()) === pid) fs.unlinkSync(pidFile);
  } catch {
    // gone already, or another daemon's now: leave it
  }
}
