/**
 * pm2, sandboxed: every command runs with PM2_HOME in a temporary directory,
 * so the daemon, its sockets, pid files and logs live there and never touch
 * ~/.pm2 or another user's pm2. `kill()` ends it with `pm2 kill` and checks
 * that nothing it started is left; call it in a `finally`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isAlive, PM2_CLI, run, type RunResult } from './processes';

export interface Pm2Instance {
  pmId: number;
  name: string;
  pid: number;
  status: string;
  restarts: number;
  execMode: string;
}

export class Pm2Sandbox {
  readonly home: string;
  private readonly env: NodeJS.ProcessEnv;
  /** Every pid this sandbox has seen: the daemon and each instance. */
  private readonly seen = new Set<number>();

  constructor(
    home: string,
    private readonly appDir: string,
    extraEnv: NodeJS.ProcessEnv = {},
  ) {
    this.home = home;
    fs.mkdirSync(home, { recursive: true });
    // The daemon and the apps inherit this environment from the command that starts the daemon.
    this.env = { ...process.env, NODE_OPTIONS: '', PM2_HOME: home, ...extraEnv };
  }

  /** Runs `pm2 ARGS` in the app's directory. */
  pm2(args: readonly string[], timeoutMs = 60_000): Promise<RunResult> {
    return run(process.execPath, [PM2_CLI, ...args], { cwd: this.appDir, env: this.env, timeoutMs });
  }

  /** Like pm2(), but throws unless the command exits 0. */
  async pm2Ok(args: readonly string[], timeoutMs?: number): Promise<RunResult> {
    const result = await this.pm2(args, timeoutMs);
    if (result.code !== 0) throw new Error(`pm2 ${args.join(' ')} exited with ${result.code}\n${result.stdout}\n${result.stderr}`);
    return result;
  }

  /** The apps' instances, from `pm2 jlist`. */
  async list(): Promise<Pm2Instance[]> {
    const { stdout } = await this.pm2Ok(['jlist']);
    const json = stdout.slice(stdout.indexOf('['));
    const raw = JSON.parse(json) as Array<{
      pm_id: number;
      name: string;
      pid: number;
      pm2_env: { status: string; restart_time: number; exec_mode: string };
    }>;
    const instances = raw.map((entry) => ({
      pmId: entry.pm_id,
      name: entry.name,
      pid: entry.pid,
      status: entry.pm2_env.status,
      restarts: entry.pm2_env.restart_time,
      execMode: entry.pm2_env.exec_mode,
    }));
    for (const instance of instances) if (instance.pid > 0) this.seen.add(instance.pid);
    return instances;
  }

  /** The God daemon's pid (PM2_HOME/pm2.pid), or null when it is not running. */
  daemonPid(): number | null {
    try {
      const pid = Number(fs.readFileSync(path.join(this.home, 'pm2.pid'), 'utf8').trim());
      if (!Number.isInteger(pid) || pid <= 0) return null;
      this.seen.add(pid);
      return pid;
    } catch {
      return null;
    }
  }

  /**
   * `pm2 kill`: stops every app (SIGINT, then SIGKILL after kill_timeout) and
   * the daemon. Then checks that none of the pids seen is still alive; any
   * that is gets SIGKILL, by its pid, and is reported.
   */
  async kill(): Promise<{ result: RunResult | null; leftAlive: number[] }> {
    this.daemonPid();
    let result: RunResult | null = null;
    if (fs.existsSync(path.join(this.home, 'rpc.sock'))) {
      try {
        result = await this.pm2(['kill'], 30_000);
      } catch {
        result = null;
      }
    }
    // pm2 kill returns once the daemon said it stops; give the processes a moment to be gone.
    const deadline = Date.now() + 5000;
    while ([...this.seen].some(isAlive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    const leftAlive = [...this.seen].filter(isAlive);
    for (const pid of leftAlive) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
    return { result, leftAlive };
  }
}
