/**
 * The two baselines without a process manager: the app under bare `node`
 * (one process, which is the worker: no manager process at all), and under a
 * bare `cluster` primary with 2 workers (apps/cluster.js). Neither can deploy.
 */
import type { ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { isAlive, signalOurs, spawnNode, waitFor } from '../processes';
import { BaseRunner, type StartOutcome, type Variant } from './runner';

export class BareRunner extends BaseRunner {
  private child: ChildProcess | null = null;

  static async create(variant: Variant): Promise<BareRunner> {
    const { port, dir } = await BaseRunner.place();
    return new BareRunner(variant, port, dir);
  }

  protected rootPid(): number | null {
    return this.child?.pid ?? null;
  }

  override managerPids(): number[] {
    // Bare node: the only process is the worker itself.
    return this.variant.manager === 'node' ? [] : super.managerPids();
  }

  async start(): Promise<StartOutcome> {
    this.child = spawnNode([this.appPath], { cwd: this.dir, env: this.appEnv(), logFile: path.join(this.dir, 'output.log') });
    await this.waitForWorkers(this.variant.workers, 30_000);
    return { commandMs: null };
  }

  protected async stopGracefully(): Promise<void> {
    const pid = this.child?.pid;
    if (pid === undefined) return;
    signalOurs(pid, 'SIGTERM');
    await waitFor(() => !isAlive(pid), 10_000);
  }
}
