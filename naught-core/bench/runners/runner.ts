/**
 * What every manager runner offers the scenarios: start the bench app, deploy
 * it again (when the manager can), name its manager processes (everything in
 * its process tree that is not a worker), and stop everything it started.
 * Each runner owns a temporary directory and a free port on 127.0.0.1.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EventLog } from '../events';
import { APPS, commandLine, descendantsOf, freePort, isAlive, reap, removeDir, tempDir, waitFor } from '../processes';

export type ManagerKind = 'node' | 'cluster' | 'naught-core' | 'pm2' | 'naught-1.6.0';

/** A manager together with the app entry it runs and how that app behaves. */
export interface Variant {
  id: string;
  label: string;
  /** A few words, for the charts. */
  short: string;
  manager: ManagerKind;
  /** File in bench/apps. */
  app: string;
  /** Extra environment of the app. */
  env?: Record<string, string>;
  /** Workers it runs (1 for bare node). */
  workers: number;
}

export interface StartOutcome {
  /** How long the start command took to return (null: a bare process, whose command never returns). */
  commandMs: number | null;
}

export interface DeployOutcome {
  ms: number;
  ok: boolean;
  /** The command's last line of output, or why it failed. */
  detail: string;
}

export interface Runner {
  readonly variant: Variant;
  readonly port: number;
  readonly dir: string;
  readonly events: EventLog;
  /** Launches the manager; resolves once every worker serves and the start command (if any) returned. */
  start(): Promise<StartOutcome>;
  /** Runs the manager's deploy (a rolling restart onto the code on disk); absent when it has none. */
  readonly deploy?: () => Promise<DeployOutcome>;
  /** The processes of the manager that are not workers. */
  managerPids(): number[];
  /** Stops the manager the way its documentation says, then ends whatever is left by PID, and removes the directory. */
  stop(): Promise<void>;
}

export abstract class BaseRunner implements Runner {
  readonly events: EventLog;
  /** What had to be killed at the end because the manager's own stop left it running. */
  readonly leftovers: number[] = [];
  private readonly seen = new Set<number>();

  protected constructor(
    readonly variant: Variant,
    readonly port: number,
    readonly dir: string,
  ) {
    this.events = new EventLog(path.join(dir, 'events.jsonl'));
  }

  protected static async place(): Promise<{ port: number; dir: string }> {
    return { port: await freePort(), dir: tempDir() };
  }

  get appPath(): string {
    return path.join(APPS, this.variant.app);
  }

  /** The environment of the app. */
  protected appEnv(): Record<string, string> {
    return { PORT: String(this.port), BENCH_EVENTS: this.events.file, ...this.variant.env };
  }

  /** The process the manager's tree hangs from (the daemon, the primary); null before start or for none. */
  protected abstract rootPid(): number | null;

  abstract start(): Promise<StartOutcome>;

  /** The manager's own, graceful stop. */
  protected abstract stopGracefully(): Promise<void>;

  managerPids(): number[] {
    const root = this.rootPid();
    if (root === null || !isAlive(root)) return [];
    const workers = new Set(this.events.workerPids());
    return [root, ...descendantsOf(root)].filter((pid) => !workers.has(pid) && isAlive(pid));
  }

  /** Remembers the manager's processes and workers, so that stop() can end them even if the manager's stop fails. */
  protected remember(): void {
    const root = this.rootPid();
    if (root !== null) {
      this.seen.add(root);
      for (const pid of descendantsOf(root)) this.seen.add(pid);
    }
    for (const pid of this.events.workerPids()) this.seen.add(pid);
  }

  /** Waits until `count` workers have come online since the runner started (and are still alive). */
  protected async waitForWorkers(count: number, timeoutMs: number): Promise<void> {
    const ok = await waitFor(() => this.events.workerPids().filter(isAlive).length >= count, timeoutMs);
    if (ok === null) throw new Error(`${this.variant.label}: ${count} workers did not come online within ${timeoutMs} ms${this.diagnostics()}`);
    this.remember();
  }

  /** The tail of the files the manager and its workers wrote, for error messages. */
  protected diagnostics(): string {
    const lines: string[] = [];
    const visit = (dir: string, depth: number): void => {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory() && depth < 2) visit(full, depth + 1);
        else if (entry.isFile() && /\.(log|txt)$/.test(entry.name)) {
          const text = fs.readFileSync(full, 'utf8');
          lines.push(`--- ${path.relative(this.dir, full)}:\n${text.slice(-1500)}`);
        }
      }
    };
    visit(this.dir, 0);
    return lines.length === 0 ? '' : `\n${lines.join('\n')}`;
  }

  async stop(): Promise<void> {
    this.remember();
    try {
      await this.stopGracefully();
    } catch (error) {
      console.error(`  (${this.variant.label}: its stop failed: ${(error as Error).message}; ending its processes by PID)`);
    }
    this.remember();
    // The manager's stop may return a moment before its last process is gone.
    await waitFor(() => [...this.seen].every((pid) => !isAlive(pid)), 3_000);
    const left = [...this.seen].filter(isAlive).map((pid) => `${pid} ${commandLine(pid).slice(0, 100)}`);
    const killed = await reap([...this.seen]);
    this.leftovers.push(...killed);
    if (killed.length > 0) console.error(`  (${this.variant.label}: ${killed.length} process(es) still there 3 s after its stop, ended by PID: ${left.join('; ')})`);
    removeDir(this.dir);
  }
}
