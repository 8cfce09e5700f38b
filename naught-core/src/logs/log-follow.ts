/**
 * `naught logs -f`: prints a log's new lines as they are written, across
 * rotations, without losing or repeating a line.
 *
 * It polls: reads the file it holds from where it stopped, then checks
 * whether the path still names that file. When the path names another file
 * (a rotation renamed ours away), it reads ours to its end, which is final
 * since the writer renames a file only after its last write to it, then
 * reads in full any archive made after ours (rotations faster than the
 * polling), then goes on with the new live file from its start. Holding the
 * old file open keeps it readable even after its gzip deleted it. Which
 * archive is ours is checked (same inode, or same length and first bytes
 * once gzipped): with --max-log-files it may have been deleted already.
 */
import type { FileHandle } from 'node:fs/promises';
import * as fsp from 'node:fs/promises';
import type { LogArchive } from './archive-list';
import { isArchiveOf } from './archive-identity';
import { streamArchive } from './archive-read';
import { LineBuffer } from './line-buffer';
import { openLiveLog, type LiveLog } from './live-log';

const READ_SIZE = 64 * 1024;
const DEFAULT_POLL_MS = 100;

export interface FollowHandlers {
  /** Whole lines, in order; the follower waits for the returned promise (backpressure). */
  onLines(lines: Buffer): void | Promise<void>;
  /** Something the user should know, which does not stop the following. */
  onNotice(message: string): void;
  /** Reading failed (permissions, I/O): following has stopped. */
  onError(error: Error): void;
}

export class LogFollower {
  private handle: FileHandle | null;
  private dev: number;
  private ino: number;
  private known: Set<number>;
  private offset: number;
  private lines = new LineBuffer();
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<void> = Promise.resolve();
  private stopped = false;

  /** Follows `filePath` from `offset` in the live file of `live` (which it takes over and closes). */
  constructor(
    private readonly filePath: string,
    live: LiveLog,
    offset: number,
    private readonly handlers: FollowHandlers,
    private readonly pollMs = DEFAULT_POLL_MS,
  ) {
    this.handle = live.handle;
    this.dev = live.dev;
    this.ino = live.ino;
    this.known = live.known;
    this.offset = offset;
  }

  start(): void {
    this.schedule(0);
  }

  /** Stops after the read under way, and closes the file. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.current;
    await this.handle?.close().catch(() => undefined);
    this.handle = null;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.current = this.poll().then(
        () => this.schedule(this.pollMs),
        (error: unknown) => {
          this.stopped = true;
          this.handlers.onError(error as Error);
        },
      );
    }, delayMs);
  }

  private async poll(): Promise<void> {
    await this.readToEnd();
    let stats;
    try {
      stats = await fsp.stat(this.filePath);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Between a rotation's rename and the new file's creation, or before the server first writes.
      if (code === 'ENOENT' || code === 'ENOTDIR') return;
      throw error;
    }
    if (this.handle !== null && stats.dev === this.dev && stats.ino === this.ino) {
      if (stats.size < this.offset) {
        this.handlers.onNotice(`${this.filePath} was truncated; following it from its start`);
        this.offset = 0;
        this.lines = new LineBuffer();
      }
      return;
    }
    if (!this.stopped) await this.switchToNewFile();
  }

  /** Passes on the complete lines written since the last read. */
  private async readToEnd(): Promise<void> {
    const handle = this.handle;
    if (handle === null) return;
    for (;;) {
      // A fresh buffer each time: LineBuffer keeps pieces of it.
      const buffer = Buffer.allocUnsafe(READ_SIZE);
      const { bytesRead } = await handle.read(buffer, 0, READ_SIZE, this.offset);
      if (bytesRead === 0) return;
      this.offset += bytesRead;
      await this.pass(this.lines.push(buffer.subarray(0, bytesRead)));
      if (this.stopped) return;
    }
  }

  private async switchToNewFile(): Promise<void> {
    await this.readToEnd();
    await this.pass(this.lines.flush());
    const next = await openLiveLog(this.filePath);
    const later = next.archives.filter((archive) => !this.known.has(archive.timestamp));
    const unread = await this.skipOwnArchive(later);
    await this.handle?.close().catch(() => undefined);
    this.handle = null;
    for (const archive of unread) {
      const found = await streamArchive(archive, (chunk) => this.pass(this.lines.push(chunk)));
      await this.pass(this.lines.flush());
      if (!found) this.handlers.onNotice(`${archive.gzPath} was deleted before it could be read (--max-log-files?)`);
    }
    if (this.stopped) {
      await next.handle?.close().catch(() => undefined);
      return;
    }
    this.handle = next.handle;
    this.dev = next.dev;
    this.ino = next.ino;
    this.known = new Set([...this.known, ...next.known]);
    this.offset = 0;
  }

  /**
   * The first archive made after we opened our file is normally our file,
   * renamed, which we have read to its end: it is left out. Unless retention
   * deleted it already, in which case every later archive is new to us.
   */
  private async skipOwnArchive(later: LogArchive[]): Promise<LogArchive[]> {
    if (this.handle === null) return later;
    const held = { handle: this.handle, dev: this.dev, ino: this.ino, size: this.offset };
    if (later.length > 0 && (await isArchiveOf(later[0], held))) return later.slice(1);
    this.handlers.onNotice(
      later.length > 0
        ? `archives of ${this.filePath} were deleted (--max-log-files?) while it was followed: lines may be missing`
        : `${this.filePath} was replaced by a new file; following that one`,
    );
    return later;
  }

  private async pass(lines: Buffer | null): Promise<void> {
    if (lines !== null && lines.length > 0) await this.handlers.onLines(lines);
  }
}
