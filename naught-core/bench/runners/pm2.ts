/**
 * pm2 (the devDependency, node_modules/pm2/bin/pm2) in cluster mode with 2
 * instances and wait_ready, its PM2_HOME in the runner's temporary directory
 * so that it never meets another pm2 on the machine. Deploy is `pm2 reload`;
 * the end is `pm2 kill` (which stops the apps and the daemon).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PM2_BIN, firstServed, runNode } from '../processes';
import { BaseRunner, type DeployOutcome, type StartOutcome, type Variant } from './runner';

export const PM2_APP_NAME = 'bench';

export class Pm2Runner extends BaseRunner {
  private constructor(variant: Variant, port: number, dir: string) {
    super(variant, port, dir);
  }

  static async create(variant: Variant): Promise<Pm2Runner> {
    const { port, dir } = await BaseRunner.place();
    return new Pm2Runner(variant, port, dir);
  }

  private get home(): string {
    return path.join(this.dir, 'pm2');
  }

  private pm2(args: string[], timeoutMs: number): ReturnType<typeof runNode> {
    return runNode([PM2_BIN, ...args, '--no-color'], { cwd: this.dir, env: { PM2_HOME: this.home }, timeoutMs });
  }

  protected rootPid(): number | null {
    try {
      return Number(fs.readFileSync(path.join(this.home, 'pm2.pid'), 'utf8').trim()) || null;
    } catch {
      return null;
    }
  }

  async start(): Promise<StartOutcome> {
    const ecosystem = path.join(this.dir, 'ecosystem.config.js');
    const app = {
      name: PM2_APP_NAME,
      script: this.appPath,
      cwd: this.dir,
      exec_mode: 'cluster',
      instances: this.variant.workers,
      wait_ready: true,
      // pm2's defaults, written out: how long to wait for 'ready' and for an old instance to exit after SIGINT.
      listen_timeout: 3000,
      kill_timeout: 1600,
      autorestart: true,
      env: this.appEnv(),
      out_file: path.join(this.dir, 'app-out.log'),
      error_file: path.join(this.dir, 'app-err.log'),
      merge_logs: true,
    };
    fs.writeFileSync(ecosystem, `module.exports = ${JSON.stringify({ apps: [app] }, null, 2)};\n`);
    const result = await this.pm2(['start', ecosystem], 60_000);
    this.remember();
    if (result.code !== 0) throw new Error(`pm2 start exited ${result.code ?? result.signal}: ${result.stdout}${result.stderr}${this.diagnostics()}`);
    await this.waitForWorkers(this.variant.workers, 15_000);
    if ((await firstServed(this.port, 10_000)) === null) throw new Error(`pm2: the app does not answer${this.diagnostics()}`);
    return { commandMs: result.ms };
  }

  readonly deploy = async (): Promise<DeployOutcome> => {
    const result = await this.pm2(['reload', PM2_APP_NAME], 90_000);
    this.remember();
    const lines = (result.stdout + result.stderr).trim().split('\n');
    return { ms: result.ms, ok: result.code === 0, detail: result.timedOut ? 'timed out' : (lines[lines.length - 1] ?? '') };
  };

  protected async stopGracefully(): Promise<void> {
    if (this.rootPid() === null) return;
    const result = await this.pm2(['kill'], 30_000);
    if (result.code !== 0) throw new Error(`pm2 kill exited ${result.code ?? result.signal}: ${result.stderr.trim()}`);
  }
}
