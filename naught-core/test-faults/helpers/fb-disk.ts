/**
 * A real full disk for the log tests: a small tmpfs mounted (as root) inside
 * the sandbox, grown later with a remount as an operator would extend a
 * volume. And reading back a log series: the live file, its gzipped archives
 * and any archive a failed gzip left uncompressed.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';

export interface SmallDisk {
  readonly dir: string;
  /** Remounts with a new size, keeping every file. */
  resize(bytes: number): void;
  freeBytes(): number;
  unmount(): void;
}

/** Mounts a tmpfs of `bytes` at `dir` (created); throws with the reason if this machine does not allow it. */
export function mountSmallDisk(dir: string, bytes: number): SmallDisk {
  fs.mkdirSync(dir, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes},mode=0755`, 'tmpfs', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  let mounted = true;
  return {
    dir,
    resize(size) {
      execFileSync('mount', ['-o', `remount,size=${size}`, dir], { stdio: ['ignore', 'ignore', 'pipe'] });
    },
    freeBytes() {
      const stats = fs.statfsSync(dir);
      return stats.bavail * stats.bsize;
    },
    unmount() {
      if (!mounted) return;
      try {
        execFileSync('umount', [dir], { stdio: ['ignore', 'ignore', 'pipe'] });
      } catch {
        // still busy (a process being killed holds a file): detach it now, the kernel frees it when released
        execFileSync('umount', ['-l', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
      }
      mounted = false;
    },
  };
}

export interface LogFileContent {
  name: string;
  text: string;
}

/** Every file of the log `dir/<base><ext>`: archives in name (= write) order, then the live file. */
export function readLogFiles(logPath: string): LogFileContent[] {
  const dir = path.dirname(logPath);
  const extension = path.extname(logPath);
  const base = path.basename(logPath, extension);
  const archive = new RegExp(`^${base}-(\\d{13,})${extension.replace('.', '\\.')}(\\.gz)?$`);
  const archives = fs
    .readdirSync(dir)
    .filter((name) => archive.test(name))
    .sort((a, b) => Number(archive.exec(a)?.[1]) - Number(archive.exec(b)?.[1]));
  const files = archives.map((name) => {
    const raw = fs.readFileSync(path.join(dir, name));
    return { name, text: (name.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8') };
  });
  if (fs.existsSync(logPath)) files.push({ name: path.basename(logPath), text: fs.readFileSync(logPath, 'utf8') });
  return files;
}

/** A line of fb-steady-writer.js. */
const WRITER_LINE = /^w(\d+) p(\d+) (\d{8}) [0-9a-f]{64}$/;

export interface LineAudit {
  /** Lines found, across every file. */
  found: number;
  /** Lines the writers wrote: for each writer, its last number + 1 (every writer's last line reaches the log at a clean stop). */
  written: number;
  /** Numbers missing in a writer's sequence. */
  missing: number;
  /** The bytes those missing lines had (every line's length follows from its writer's pid and number). */
  missingBytes: number;
  /** Lines found twice, out of order, split, or garbled. */
  broken: string[];
  /** Files that do not end on a whole line. */
  cutFiles: string[];
  writers: number;
}

/** Checks every writer's lines: whole, each once, in order, none missing. */
export function auditWriterLines(files: LogFileContent[]): LineAudit {
  const next = new Map<string, number>();
  const audit: LineAudit = { found: 0, written: 0, missing: 0, missingBytes: 0, broken: [], cutFiles: [], writers: 0 };
  for (const file of files) {
    if (file.text !== '' && !file.text.endsWith('\n')) audit.cutFiles.push(file.name);
    for (const line of file.text.split('\n').slice(0, -1)) {
      const match = WRITER_LINE.exec(line);
      if (match === null) {
        audit.broken.push(`${file.name}: ${JSON.stringify(line.slice(0, 120))}`);
        continue;
      }
      audit.found += 1;
      const [, worker, pid, number] = match;
      const n = Number(number);
      const expected = next.get(pid) ?? 0;
      if (n < expected) audit.broken.push(`${file.name}: p${pid} ${n} again or out of order (expected ${expected})`);
      else {
        audit.missing += n - expected;
        // `w<worker> p<pid> <8 digits> <64 hex>\n`
        audit.missingBytes += (n - expected) * (1 + worker.length + 2 + pid.length + 1 + 8 + 1 + 64 + 1);
      }
      next.set(pid, Math.max(expected, n + 1));
    }
  }
  audit.writers = next.size;
  for (const count of next.values()) audit.written += count;
  return audit;
}
