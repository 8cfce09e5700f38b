/**
 * naught-core (node naught-core/dist/cli/main.js) and naught 1.6.0 (its own
 * lib/main.js, fetched and patched by naught-160.ts) share one command line:
 * `naught start`, `naught deploy`, `naught stop`, run in the runner's
 * directory, where the ipc file, the pid file and the logs go.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runNode } from '../processes';
import { BaseRunner, type DeployOutcome, type StartOutcome, type Variant } from './runner';

export interface NaughtOptions {
  /** The CLI's main script. */
  bin: string;
  /** Options placed before the script on `naught start` (logs, --max-log-size). */
  startOptions?: string[];
}

export class NaughtRunner extends BaseRunner {
  private daemon: number | null = null;

  private constructor(
    variant: Variant,
    port: number,
    dir: string,
    private readonly options: NaughtOptions,
  ) {
    super(variant, port, dir);
  }

  static async create(variant: Variant, options: NaughtOptions): Promise<NaughtRunner> {
    const { port, dir } = await BaseRunner.place();
    return new NaughtRunner(variant, port, dir, options);
  }

  protected rootPid(): number | null {
    return this.daemon;
  }

  private readPidFile(): number | null {
    try {
      return Number(fs.readFileSync(path.join(this.dir, 'naught.pid'), 'utf8').trim()) || null;
    } catch {
      return null;
    }
  }

  async start(): Promise<StartOutcome> {
    const args = [this.options.bin, 'start', '--worker-count', String(this.variant.workers), ...(this.options.startOptions ?? []), this.appPath];
    const result = await runNode(args, { cwd: this.dir, env: this.appEnv(), timeoutMs: 60_000 });
    this.daemon = this.readPidFile();
    this.remember();
    if (result.code !== 0 || !result.stdout.includes(`workers online: ${this.variant.workers}`)) {
      throw new Error(`${this.variant.label}: naught start exited ${result.code ?? result.signal}: ${result.stdout}${result.stderr}${this.diagnostics()}`);
    }
    await this.waitForWorkers(this.variant.workers, 10_000);
    return { commandMs: result.ms };
  }

  readonly deploy = async (): Promise<DeployOutcome> => {
    const result = await runNode([this.options.bin, 'deploy', '--timeout', '60'], { cwd: this.dir, env: this.appEnv(), timeoutMs: 90_000 });
    this.remember();
    const lines = (result.stdout + result.stderr).trim().split('\n');
    const last = lines[lines.length - 1] ?? '';
    return { ms: result.ms, ok: result.code === 0 && last === 'done', detail: result.timedOut ? 'timed out' : last };
  };

  protected async stopGracefully(): Promise<void> {
    if (this.daemon === null) return;
    const result = await runNode([this.options.bin, 'stop', '--timeout', '10'], { cwd: this.dir, timeoutMs: 30_000 });
    if (result.code !== 0) throw new Error(`naught stop exited ${result.code ?? result.signal}: ${result.stderr.trim()}`);
  }
}
