/**
 * Reading the pid file a dead daemon left behind, for the one thing naught
 * reads it for: finding that daemon's leftover process group
 * (leftover-group.ts). It is trusted only if it can only have been written by
 * a daemon of this user since the machine booted: a regular file (a symlink is
 * not followed), owned by us, changed after the boot (pids restart at boot),
 * holding one plain decimal pid and nothing else ('' or '0' must never become
 * a pid: kill(0) would signal our own group).
 */
import * as fs from 'node:fs';

/** Linux's largest pid_max (2^22). */
const PID_LIMIT = 4_194_304;
const MAX_PID_FILE_BYTES = 32;

/** The time the machine booted (/proc/stat's btime, whole seconds), or null without /proc. */
function bootTimeMs(): number | null {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n').find((entry) => entry.startsWith('btime '));
    return line === undefined ? null : Number(line.slice('btime '.length)) * 1_000;
  } catch {
    return null;
  }
}

/** The pid in `pidFile` if the file can be trusted (see above), else null. */
export function pidOfPidFile(pidFile: string): number | null {
  let fd: number;
  try {
    fd = fs.openSync(pidFile, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  } catch {
    return null;
  }
  try {
    const stat = fs.fstatSync(fd);
    const bootedAt = bootTimeMs();
    if (!stat.isFile() || stat.size > MAX_PID_FILE_BYTES || stat.uid !== process.geteuid?.()) return null;
    // btime is rounded down to the second: a file written in the boot's first second still counts.
    if (bootedAt === null || stat.mtimeMs < bootedAt) return null;
    const buffer = Buffer.alloc(MAX_PID_FILE_BYTES + 1);
    const text = buffer.toString('utf8', 0, fs.readSync(fd, buffer, 0, buffer.length, 0));
    const match = /^([1-9]\d{0,6})\n?$/.exec(text);
    const pid = match === null ? Number.NaN : Number(match[1]);
    return pid > 1 && pid <= PID_LIMIT ? pid : null;
  } catch {
    return null;
  } finally {
    fs.closeSync(fd);
  }
}
