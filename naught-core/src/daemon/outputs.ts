/**
 * The daemon's three outputs: the naught log (event lines) and the files that
 * collect the workers' stdout and stderr. Workers write into OS pipes that are
 * read here line by line (never relayed as IPC messages, which is how pm2
 * loses lines), so every line lands whole in one file.
 */
import type { Readable } from 'node:stream';
import { pipeLines, RotatingLog, timestampLines, type LinesTransform } from '../logs';
import { DEV_NULL, OWN_STREAM, type DaemonConfig } from './config';
import type { OutputMode } from '../master/master';

/** How long the daemon waits, at exit, for pipes held open by a worker's own children. */
const PIPE_DRAIN_LIMIT_MS = 2_000;
/** A log that cannot be written (a full disk) must not keep a stop from finishing; close() then reports what was dropped. */
const FLUSH_LIMIT_MS = 10_000;

export interface NaughtLog {
  writeLine(line: string): void;
}

export class DaemonOutputs implements NaughtLog {
  private readonly openPipes = new Set<Readable>();
  private pipesClosed: (() => void) | null = null;

  private constructor(
    private readonly naughtLog: RotatingLog | 'stderr' | null,
    private readonly stdoutLog: RotatingLog | null,
    private readonly stderrLog: RotatingLog | null,
    readonly stdoutMode: OutputMode,
    readonly stderrMode: OutputMode,
    /** --log-timestamps: applied to the workers' lines, not to the naught log's. */
    private readonly workerLines: LinesTransform | undefined,
  ) {}

  /** Opens the log files, creating missing directories; rejects with the fs error. */
  static async open(config: DaemonConfig): Promise<DaemonOutputs> {
    // One RotatingLog per path: `--stdout x --stderr x` must share a file, not race two writers over it.
    const opened = new Map<string, RotatingLog>();
    const openLog = async (target: string): Promise<RotatingLog | null> => {
      if (target === DEV_NULL || target === OWN_STREAM) return null;
      const existing = opened.get(target);
      if (existing !== undefined) return existing;
      const log = await RotatingLog.open(target, config.maxLogSize, config.maxLogFiles === null ? {} : { maxArchives: config.maxLogFiles });
      opened.set(target, log);
      return log;
    };
    try {
      const naughtLog = await openLog(config.log);
      const stdoutLog = await openLog(config.stdout);
      const stderrLog = await openLog(config.stderr);
      const outputs = new DaemonOutputs(
        config.log === OWN_STREAM && config.foreground ? 'stderr' : naughtLog,
        stdoutLog,
        stderrLog,
        modeFor(config.stdout, config.foreground),
        modeFor(config.stderr, config.foreground),
        config.logTimestamps ? (lines) => timestampLines(lines) : undefined,
      );
      for (const log of opened.values()) {
        // The log's own message names the file and the failure; the naught log is where a user looks.
        if (log === naughtLog) log.on('error', (error: Error) => process.stderr.write(`${error.message}\n`));
        else log.on('error', (error: Error) => outputs.writeLine(error.message));
      }
      return outputs;
    } catch (error) {
      await Promise.allSettled([...opened.values()].map((log) => log.close()));
      throw error;
    }
  }

  writeLine(line: string): void {
    if (this.naughtLog === 'stderr') process.stderr.write(`${line}\n`);
    else this.naughtLog?.write(`${line}\n`);
  }

  /** Connects a worker's piped stdout and stderr to their log files. */
  attachWorker(stdout: Readable | null, stderr: Readable | null): void {
    this.attach(stdout, this.stdoutLog);
    this.attach(stderr, this.stderrLog);
  }

  private attach(source: Readable | null, log: RotatingLog | null): void {
    if (source === null || log === null) return;
    this.openPipes.add(source);
    source.once('close', () => {
      this.openPipes.delete(source);
      if (this.openPipes.size === 0) this.pipesClosed?.();
    });
    pipeLines(source, log, this.workerLines);
  }

  /** Waits for the workers' pipes to end, then writes out every log and finishes the gzips. */
  async flushAll(): Promise<void> {
    if (this.openPipes.size > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, PIPE_DRAIN_LIMIT_MS);
        this.pipesClosed = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, FLUSH_LIMIT_MS)));
    await Promise.race([Promise.allSettled(this.distinctLogs().map((log) => log.flush())), limit]);
    clearTimeout(timer);
  }

  async closeAll(): Promise<void> {
    await Promise.allSettled(this.distinctLogs().map((log) => log.close()));
  }

  private distinctLogs(): RotatingLog[] {
    const logs = [this.stdoutLog, this.stderrLog, this.naughtLog].filter((log): log is RotatingLog => log instanceof RotatingLog);
    return [...new Set(logs)];
  }
}

function modeFor(target: string, foreground: boolean): OutputMode {
  if (target === DEV_NULL) return 'ignore';
  // '-' means the CLI's own stream; a detached daemon has none, so the output is discarded as naught 1.6.0 did.
  if (target === OWN_STREAM) return foreground ? 'inherit' : 'ignore';
  return 'pipe';
}
