/**
 * A log file shared by many writers (the workers' pipes, or the daemon's own
 * events), rotated by size: once the file reaches `maxSize` bytes it is renamed
 * to a timestamped archive at the next line end, a new file is opened at the
 * same path, and the archive is gzipped in the background.
 *
 * With `maxArchives`, the oldest archives beyond that many are deleted after
 * each gzip (--max-log-files).
 *
 * Writes are queued and written in batches (one writev per batch, not one
 * syscall per line); each write() call must consist of whole lines, so a line
 * is never split across two files. Failures are emitted as 'error' and never
 * thrown: a log that cannot be written must not take the daemon down.
 */
import { EventEmitter } from 'node:events';
import type { FileHandle } from 'node:fs/promises';
import * as fsp from 'node:fs/promises';
import { chooseArchiveName } from './archive-name';
import { Backoff } from './backoff';
import { pruneArchives } from './archive-retention';
import { gzipArchive } from './gzip-archive';
import { LogError } from './log-error';
import { openLogFile, type OpenLogFile } from './log-file';

export interface RotatingLogOptions {
  /** write() returns false once more than this many bytes wait to be written. Default 8 MiB. */
  highWaterMark?: number;
  /**
   * Delay before retrying after a failed open, write or rename, doubled on each
   * further failure up to 50 times this. Default 100 ms.
   */
  retryDelay?: number;
  /** Keep at most this many archives (the newest); older ones are deleted after each gzip. Default: keep all. */
  maxArchives?: number;
}

export interface RotateEvent {
  /** The path the full file was renamed to; it becomes `archive + '.gz'` once gzipped. */
  archive: string;
}

export interface PruneEvent {
  /** The files deleted (archives beyond maxArchives, oldest first). */
  deleted: string[];
}

export interface RotatingLogEvents {
  error: [LogError];
  rotate: [RotateEvent];
  prune: [PruneEvent];
  drain: [];
}

const DEFAULT_HIGH_WATER_MARK = 8 * 1024 * 1024;
const DEFAULT_RETRY_DELAY = 100;
/** How long writes must keep succeeding before a failure episode is reported over. */
const RECOVERY_CONFIRM_MS = 1_000;
const MAX_RETRY_FACTOR = 50;
// Bounds on one writev: IOV_MAX is 1024 on Linux, and a few MB per syscall is plenty.
const MAX_BATCH_BUFFERS = 1024;
const MAX_BATCH_BYTES = 4 * 1024 * 1024;
const NEWLINE = 0x0a;

interface Batch {
  buffers: Buffer[];
  bytes: number;
  /** The batch ends at the line end where the file reaches maxSize: rotate after writing it. */
  endsAtLimit: boolean;
}

interface FlushWaiter {
  target: number;
  resolve: () => void;
}

export class RotatingLog extends EventEmitter<RotatingLogEvents> {
  /**
   * Opens (creating parent directories and the file if missing) a log at
   * `filePath` that rotates at `maxSize` bytes (Infinity: never). Rejects with
   * the underlying fs error (EACCES, ENOTDIR, EISDIR, ...).
   */
  static async open(filePath: string, maxSize: number, options: RotatingLogOptions = {}): Promise<RotatingLog> {
    if (!(maxSize > 0)) throw new RangeError(`maxSize must be a positive number of bytes, got ${maxSize}`);
    const maxArchives = options.maxArchives ?? Infinity;
    if (!(maxArchives >= 1) || (Number.isFinite(maxArchives) && !Number.isInteger(maxArchives))) {
      throw new RangeError(`maxArchives must be a positive whole number, got ${maxArchives}`);
    }
    const file = await openLogFile(filePath);
    return new RotatingLog(filePath, maxSize, file, options);
  }

  private handle: FileHandle | null;
  private fileId: { dev: number; ino: number };
  private size: number;

  private readonly queue: Buffer[] = [];
  private queuedBytes = 0;
  /** Bytes ever accepted by write(), and bytes since written (or given up on at close): flush() waits for the one to reach the other. */
  private totalQueued = 0;
  private totalSettled = 0;
  private readonly waiters: FlushWaiter[] = [];

  private readonly highWaterMark: number;
  private needDrain = false;
  private pumping = false;

  private failing = false;
  /** The write or open failure that began the current episode: repeats of it are not reported again. */
  private failure: { since: number; first: LogError; reported: Set<string>; recoveredAt: number | null } | null = null;
  private recoveryTimer: NodeJS.Timeout | null = null;
  private droppedBytes = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly writeBackoff: Backoff;
  private readonly rotateBackoff: Backoff;
  private rotateNotBefore = 0;

  private lastTimestamp = 0;
  private gzipTail: Promise<void> = Promise.resolve();
  private readonly maxArchives: number;
  /** Archives renamed and not yet gzipped: retention leaves them alone. */
  private readonly gzipPending = new Set<string>();
  private closing = false;
  private closed: Promise<void> | null = null;

  private constructor(
    /** The live file's path, as given to open(). */
    readonly path: string,
    readonly maxSize: number,
    file: OpenLogFile,
    options: RotatingLogOptions,
  ) {
    super();
    // One 'drain' listener per paused worker pipe: more than 10 workers is normal.
    this.setMaxListeners(0);
    this.handle = file.handle;
    this.fileId = { dev: file.dev, ino: file.ino };
    this.size = file.size;
    this.highWaterMark = options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK;
    this.maxArchives = options.maxArchives ?? Infinity;
    const retryDelay = options.retryDelay ?? DEFAULT_RETRY_DELAY;
    this.writeBackoff = new Backoff(retryDelay, retryDelay * MAX_RETRY_FACTOR);
    this.rotateBackoff = new Backoff(retryDelay, retryDelay * MAX_RETRY_FACTOR);
  }

  /** Bytes accepted by write() and not yet written. */
  get pendingBytes(): number {
    return this.queuedBytes;
  }

  /**
   * Queues `data`, which must end with '\n' (whole lines only). Never throws.
   * Returns false when more than the high-water mark is queued; 'drain' follows
   * once the queue is below it again. While the file cannot be written, output
   * beyond the high-water mark is dropped (and counted in an 'error') instead of
   * stalling the workers.
   */
  write(data: Buffer | string): boolean {
    const chunk = typeof data === 'string' ? Buffer.from(data) : data;
    if (this.closing) {
      this.report(new LogError(`unable to write ${chunk.length} bytes to ${this.path}`, this.path, new Error('the log is closed')));
      return true;
    }
    if (chunk.length === 0) return !this.needDrain;
    if (this.failing && this.queuedBytes + chunk.length > this.highWaterMark) {
      this.droppedBytes += chunk.length;
      return true;
    }
    this.queue.push(chunk);
    this.queuedBytes += chunk.length;
    this.totalQueued += chunk.length;
    this.pump();
    if (!this.failing && this.queuedBytes > this.highWaterMark) {
      this.needDrain = true;
      return false;
    }
    return true;
  }

  /** Resolves once every byte queued so far is written and every background gzip has finished. */
  async flush(): Promise<void> {
    const target = this.totalQueued;
    if (this.totalSettled < target) await new Promise<void>((resolve) => this.waiters.push({ target, resolve }));
    await this.gzipTail;
  }

  /** Flushes, then closes the file. Output still unwritable at this point is given up (with an 'error'). */
  close(): Promise<void> {
    this.closed ??= this.shutDown();
    return this.closed;
  }

  private async shutDown(): Promise<void> {
    this.closing = true;
    if (this.retryTimer !== null) {
      // One last attempt now rather than after the backoff; a failure now gives up (see enterFailure).
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    this.pump();
    await this.flush();
    const handle = this.handle;
    this.handle = null;
    if (handle !== null) await this.closeHandle(handle);
    // An episode that ended moments ago is reported over now rather than never.
    if (this.recoveryTimer !== null) this.confirmRecovery();
  }

  private pump(): void {
    if (this.pumping || this.retryTimer !== null) return;
    this.pumping = true;
    this.writeQueue().catch((error: unknown) => {
      this.report(new LogError(`internal error while writing ${this.path}`, this.path, error));
    });
  }

  /** The single writer: batches the queue into the file, rotating at line ends, until it is empty or a failure waits for a retry. */
  private async writeQueue(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const handle = await this.ensureOpen();
        if (handle === null) return;
        if (this.size >= this.maxSize && Date.now() >= this.rotateNotBefore) {
          // Full before anything is written: a file over the limit at open, or a rotation that failed
          // earlier. Rotating first keeps the next lines out of a file that may no longer be reachable.
          await this.rotate(handle);
          continue;
        }
        const batch = this.takeBatch();
        const written = await this.writeBatch(handle, batch);
        if (written === null) return;
        if (written === batch.bytes && batch.endsAtLimit) await this.rotate(handle);
        // Counted only now, so that a flush() waiting for these bytes also waits for the rotation they caused.
        this.totalSettled += written;
        this.settleWaiters();
        if (this.needDrain && this.queuedBytes <= this.highWaterMark) {
          this.needDrain = false;
          this.guard(() => this.emit('drain'));
        }
      }
    } finally {
      this.pumping = false;
      this.settleWaiters();
    }
  }

  /**
   * Takes the next batch off the queue. If the file reaches maxSize within it,
   * the batch ends at the first '\n' at or after the byte where it does.
   */
  private takeBatch(): Batch {
    const limitApplies = Date.now() >= this.rotateNotBefore;
    // Offset in this batch of the byte that brings the file to maxSize; no limit while a failed rotation waits to be retried.
    const limitOffset = limitApplies ? Math.max(0, this.maxSize - this.size - 1) : Infinity;
    const buffers: Buffer[] = [];
    let bytes = 0;
    while (this.queue.length > 0 && buffers.length < MAX_BATCH_BUFFERS && bytes < MAX_BATCH_BYTES) {
      const next = this.queue[0];
      if (bytes + next.length > limitOffset) {
        const lineEnd = next.indexOf(NEWLINE, Math.max(0, limitOffset - bytes));
        if (lineEnd !== -1) {
          const head = next.subarray(0, lineEnd + 1);
          if (lineEnd + 1 < next.length) this.queue[0] = next.subarray(lineEnd + 1);
          else this.queue.shift();
          buffers.push(head);
          return { buffers, bytes: bytes + head.length, endsAtLimit: true };
        }
      }
      this.queue.shift();
      buffers.push(next);
      bytes += next.length;
    }
    return { buffers, bytes, endsAtLimit: false };
  }

  /** Writes a batch; returns the bytes written, or null after a failure (the batch is back in the queue and a retry is scheduled). */
  private async writeBatch(handle: FileHandle, batch: Batch): Promise<number | null> {
    let written: number;
    try {
      ({ bytesWritten: written } = await handle.writev(batch.buffers));
      if (written === 0) throw new Error('the write made no progress');
    } catch (error) {
      this.queue.unshift(...batch.buffers);
      this.reportFailure(new LogError(`unable to write to ${this.path}`, this.path, error));
      if (this.handle === handle) this.handle = null;
      // Reopened on retry: the path may name a new file by then (after a disk check, a remount...).
      await handle.close().catch(() => undefined);
      this.enterFailure();
      return null;
    }
    this.size += written;
    this.queuedBytes -= written;
    if (written < batch.bytes) this.requeueUnwritten(batch.buffers, written);
    this.recover();
    return written;
  }

  /** Puts back what a short write left, in order, at the front of the queue. */
  private requeueUnwritten(buffers: Buffer[], written: number): void {
    let skip = written;
    const rest: Buffer[] = [];
    for (const buffer of buffers) {
      if (skip >= buffer.length) skip -= buffer.length;
      else {
        rest.push(skip > 0 ? buffer.subarray(skip) : buffer);
        skip = 0;
      }
    }
    this.queue.unshift(...rest);
  }

  /** Renames the full file to its archive, opens a new one at the path and queues the archive for gzip. */
  private async rotate(handle: FileHandle): Promise<void> {
    let archive: string;
    try {
      const chosen = await chooseArchiveName(this.path, this.lastTimestamp);
      this.lastTimestamp = chosen.timestamp;
      archive = chosen.archivePath;
      await fsp.rename(this.path, archive);
    } catch (error) {
      this.report(new LogError(`unable to rotate ${this.path}`, this.path, error));
      // Go on writing past maxSize rather than retrying (and failing) at every line end.
      this.rotateNotBefore = Date.now() + this.rotateBackoff.next();
      await this.reopenIfReplaced(handle);
      return;
    }
    this.rotateBackoff.reset();
    this.rotateNotBefore = 0;
    this.handle = null;
    await this.closeHandle(handle);
    this.guard(() => this.emit('rotate', { archive }));
    this.queueGzip(archive);
    // Open the new file now, so it exists even if no more output comes for a while.
    await this.ensureOpen();
  }

  /**
   * After a failed rename: if the path now names another file, or none (the
   * directory was removed, say), write to a file opened there from now on;
   * if it cannot be opened, keep the current one and say so.
   */
  private async reopenIfReplaced(handle: FileHandle): Promise<void> {
    let file: OpenLogFile;
    try {
      file = await openLogFile(this.path);
    } catch (error) {
      this.report(new LogError(`unable to reopen ${this.path}`, this.path, error));
      return;
    }
    if (file.dev === this.fileId.dev && file.ino === this.fileId.ino) {
      await file.handle.close().catch(() => undefined);
      return;
    }
    this.adopt(file);
    this.rotateBackoff.reset();
    this.rotateNotBefore = 0;
    await this.closeHandle(handle);
  }

  /** The open file, opening it if needed; null (with an 'error' and a retry scheduled) if it cannot be opened. */
  private async ensureOpen(): Promise<FileHandle | null> {
    if (this.handle !== null) return this.handle;
    if (this.retryTimer !== null) return null;
    try {
      const file = await openLogFile(this.path);
      this.adopt(file);
      return file.handle;
    } catch (error) {
      this.reportFailure(new LogError(`unable to open ${this.path}`, this.path, error));
      this.enterFailure();
      return null;
    }
  }

  private adopt(file: OpenLogFile): void {
    this.handle = file.handle;
    this.fileId = { dev: file.dev, ino: file.ino };
    this.size = file.size;
  }

  private async closeHandle(handle: FileHandle): Promise<void> {
    try {
      await handle.close();
    } catch (error) {
      this.report(new LogError(`unable to close ${this.path}`, this.path, error));
    }
  }

  /** The file cannot be written for now: retry later, and meanwhile let paused writers go on (see write()). */
  private enterFailure(): void {
    this.failing = true;
    if (this.closing) {
      this.giveUp();
      return;
    }
    if (this.needDrain) {
      this.needDrain = false;
      this.guard(() => this.emit('drain'));
    }
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.pump();
    }, this.writeBackoff.next());
  }

  /**
   * A write succeeded: leave the failing state and tell what was dropped
   * during it. The end of the episode is reported only once writes have gone
   * on succeeding for RECOVERY_CONFIRM_MS: a nearly full disk takes a short
   * write now and then (a gzip frees a few blocks) and fails again at once.
   */
  private recover(): void {
    if (!this.failing) return;
    this.failing = false;
    this.writeBackoff.reset();
    if (this.failure !== null && this.recoveryTimer === null) {
      this.failure.recoveredAt = Date.now();
      this.recoveryTimer = setTimeout(() => this.confirmRecovery(), RECOVERY_CONFIRM_MS);
      this.recoveryTimer.unref();
    }
    this.reportDropped('while it could not be written');
  }

  /** Writes have gone on working: the episode is over, and a later failure is news again. */
  private confirmRecovery(): void {
    if (this.recoveryTimer !== null) clearTimeout(this.recoveryTimer);
    this.recoveryTimer = null;
    const failure = this.failure;
    this.failure = null;
    if (failure === null) return;
    const seconds = Math.round(((failure.recoveredAt ?? Date.now()) - failure.since) / 1000);
    this.report(new LogError(`writing to ${this.path} again after ${seconds} s; it had failed with`, this.path, failure.first.cause));
  }

  /**
   * A write or open failed. Each distinct failure of an episode is reported
   * once; the same failure again at every retry is not (a full disk for a day
   * made 17 000 identical lines in the naught log). confirmRecovery() reports
   * the end of the episode.
   */
  private reportFailure(error: LogError): void {
    if (this.recoveryTimer !== null) {
      // Not over after all: the episode goes on.
      clearTimeout(this.recoveryTimer);
      this.recoveryTimer = null;
    }
    this.failure ??= { since: Date.now(), first: error, reported: new Set(), recoveredAt: null };
    this.failure.recoveredAt = null;
    if (this.failure.reported.has(error.message)) return;
    this.failure.reported.add(error.message);
    this.report(error);
  }

  /** At close, output that still cannot be written is dropped so that close() ends. */
  private giveUp(): void {
    this.droppedBytes += this.queuedBytes;
    this.totalSettled += this.queuedBytes;
    this.queue.length = 0;
    this.queuedBytes = 0;
    this.reportDropped('at close');
  }

  private reportDropped(when: string): void {
    if (this.droppedBytes === 0) return;
    const dropped = this.droppedBytes;
    this.droppedBytes = 0;
    this.report(new LogError(`dropped ${dropped} bytes of output for ${this.path} ${when}`, this.path));
  }

  private settleWaiters(): void {
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (this.waiters[i].target <= this.totalSettled) this.waiters.splice(i, 1)[0].resolve();
    }
  }

  /** One gzip at a time per log: fast rotations queue up rather than start many at once. */
  private queueGzip(archive: string): void {
    this.gzipPending.add(archive);
    this.gzipTail = this.gzipTail
      .then(() => gzipArchive(archive))
      .then(
        () => undefined,
        (error: unknown) => this.report(new LogError(`unable to gzip ${archive}`, this.path, error)),
      )
      .then(() => {
        this.gzipPending.delete(archive);
        return this.pruneArchives();
      });
  }

  /** After a gzip (done or failed): delete the oldest archives beyond maxArchives, never one still waiting for its gzip. */
  private async pruneArchives(): Promise<void> {
    if (!Number.isFinite(this.maxArchives)) return;
    try {
      const deleted = await pruneArchives(this.path, this.maxArchives, (archive) => this.gzipPending.has(archive));
      if (deleted.length > 0) this.guard(() => this.emit('prune', { deleted }));
    } catch (error) {
      this.report(new LogError(`unable to remove old archives of ${this.path}`, this.path, error));
    }
  }

  /** Emits 'error' without ever throwing into the write loop: with no listener it becomes a process warning. */
  private report(error: LogError): void {
    if (this.listenerCount('error') === 0) process.emitWarning(error);
    else this.guard(() => this.emit('error', error));
  }

  /** Runs a listener call so that a throwing listener cannot leave the write loop half done: the exception is rethrown on its own tick. */
  private guard(emit: () => void): void {
    try {
      emit();
    } catch (listenerError) {
      process.nextTick(() => {
        throw listenerError;
      });
    }
  }
}
