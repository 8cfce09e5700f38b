/**
 * Plays systemd's part for the learner's unit, since systemd is not PID 1 on
 * the machines the checks run on (no `systemctl start`). In a fresh
 * temporary directory it installs the app (test/fixtures/server.js, with a
 * node_modules link to the repository's packages) where /srv/myapp would be,
 * rewrites the unit for it, and then runs the unit's own ExecStart,
 * ExecReload and ExecStop lines as systemd would: in WorkingDirectory=, with
 * systemd's PATH and the unit's Environment= only, %t pointing at a temporary
 * runtime root in which RuntimeDirectory= is created, and $MAINPID set for
 * the reload and stop commands.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isAlive, killProcessesIn, run, startProcess, type RunResult, type StartedProcess } from '../../../chapters/06-pm2-vs-naught-vs-systemd/lib/processes';
import { parseEnvironment, parseExecLine, parseUnitFile, serviceValue, serviceValues, type ExecCommand, type SpecifierValues, type UnitFile } from './unit-file';

const REPO_NODE_MODULES = path.resolve(__dirname, '..', '..', '..', 'node_modules');
const APP_FIXTURE = path.join(__dirname, 'fixtures', 'server.js');

/** What the learner writes, and what the checker puts in its place. */
export const INSTALL_DIR = '/srv/myapp';
export const NODE_AS_WRITTEN = '/usr/bin/node';
export const UNIT_NAME = 'myapp.service';
/** A word of a command line that runs naught-core's command (its CLI, or the bin link). */
export const NAUGHT_CLI = /(naught-core\/dist\/cli\/main\.js|\/\.bin\/naught)$/;
/** The PATH systemd gives a system service's commands. */
const SYSTEMD_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export class PlayedService {
  /** A short temporary directory (unix socket paths are limited to 107 bytes). */
  readonly root = fs.mkdtempSync(path.join(os.tmpdir(), 'ex06-'));
  /** Where /srv/myapp is installed for the checks. */
  readonly appDir = path.join(this.root, 'app');
  /** What %t means here; systemd's is /run. */
  readonly runtimeRoot = path.join(this.root, 'run');
  /** The unit as the checker runs it. */
  readonly unitPath = path.join(this.root, UNIT_NAME);
  readonly unitText: string;
  readonly specifiers: SpecifierValues = { runtimeRoot: this.runtimeRoot, unitName: UNIT_NAME };
  main: StartedProcess | null = null;

  /** `learnerUnit` is the unit's text as written; `port` replaces the value of PORT in Environment=. */
  constructor(learnerUnit: string, readonly port: number) {
    fs.mkdirSync(this.appDir);
    fs.mkdirSync(this.runtimeRoot);
    fs.copyFileSync(APP_FIXTURE, path.join(this.appDir, 'server.js'));
    fs.symlinkSync(REPO_NODE_MODULES, path.join(this.appDir, 'node_modules'), 'dir');
    this.unitText = learnerUnit.split(INSTALL_DIR).join(this.appDir).split(NODE_AS_WRITTEN).join(fs.realpathSync(process.execPath));
    fs.writeFileSync(this.unitPath, this.unitText);
  }

  /** The rewritten unit, parsed (throws a UnitSyntaxError on what the checker cannot read). */
  get unit(): UnitFile {
    return parseUnitFile(this.unitText);
  }

  /** Text about the rewritten unit, with the temporary paths put back as the learner wrote them. */
  asWritten(text: string): string {
    return text.split(this.appDir).join(INSTALL_DIR).split(this.runtimeRoot).join('%t');
  }

  /** WorkingDirectory=, rewritten. */
  workingDirectory(): string {
    const dir = serviceValue(this.unit, 'WorkingDirectory');
    if (dir === undefined) throw new Error('the unit has no WorkingDirectory=: the app would run in /');
    return dir.replace(/^-/, '');
  }

  /** The unit's Environment=, with PORT replaced by the checker's free port. */
  environment(): Record<string, string> {
    const environment = parseEnvironment(serviceValues(this.unit, 'Environment'), this.specifiers);
    if (environment.PORT !== undefined) environment.PORT = String(this.port);
    return environment;
  }

  commands(key: 'ExecStart' | 'ExecReload' | 'ExecStop', mainPid?: number): ExecCommand[] {
    const environment: Record<string, string> = { ...this.environment(), ...(mainPid === undefined ? {} : { MAINPID: String(mainPid) }) };
    return serviceValues(this.unit, key).map((line) => parseExecLine(line, this.specifiers, environment));
  }

  private processEnvironment(mainPid?: number): NodeJS.ProcessEnv {
    return { PATH: SYSTEMD_PATH, LANG: 'C.UTF-8', ...this.environment(), ...(mainPid === undefined ? {} : { MAINPID: String(mainPid) }) };
  }

  /** systemctl start: create RuntimeDirectory= under %t, then run the single ExecStart= line in the background. */
  start(): StartedProcess {
    for (const value of serviceValues(this.unit, 'RuntimeDirectory')) {
      for (const name of value.split(/\s+/).filter(Boolean)) fs.mkdirSync(path.join(this.runtimeRoot, name), { recursive: true });
    }
    const commands = this.commands('ExecStart');
    if (commands.length !== 1) throw new Error(`a service of Type=simple or exec has exactly one ExecStart= line, this unit has ${commands.length}`);
    const [program, ...args] = (commands[0] as ExecCommand).argv;
    this.main = startProcess(program as string, args, { cwd: this.workingDirectory(), env: this.processEnvironment() });
    return this.main;
  }

  /** systemctl reload / stop: runs each line of `key` in turn, with $MAINPID; stops at a failure not marked with `-`. */
  async runCommands(key: 'ExecReload' | 'ExecStop', timeoutMs: number): Promise<Array<RunResult & { command: ExecCommand }>> {
    const mainPid = this.main?.pid;
    const results: Array<RunResult & { command: ExecCommand }> = [];
    for (const command of this.commands(key, mainPid)) {
      const [program, ...args] = command.argv;
      const result = await run(program as string, args, { cwd: this.workingDirectory(), env: this.processEnvironment(mainPid), timeoutMs });
      results.push({ ...result, command });
      if (result.code !== 0 && !command.ignoreFailure) break;
    }
    return results;
  }

  /** Every file left in the runtime directories and in the app folder that is not the app's own. */
  leftoverFiles(): string[] {
    const found: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.isSocket() || /\.(pid|ipc)$/.test(entry.name)) found.push(full);
      }
    };
    walk(this.runtimeRoot);
    for (const entry of fs.readdirSync(this.appDir, { withFileTypes: true })) {
      if (entry.isSocket() || /\.(pid|ipc)$/.test(entry.name)) found.push(path.join(this.appDir, entry.name));
    }
    return found;
  }

  /** Stops everything still running from this service (SIGKILL, by PID) and removes the directory. */
  async cleanUp(): Promise<void> {
    if (this.main !== null) {
      this.main.kill('SIGKILL');
      await this.main.exited;
    }
    for (let round = 0; round < 20; round++) {
      const killed = [...killProcessesIn(this.root), ...killProcessesNaming(this.root)];
      if (killed.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

/** The value after `--name` (or in `--name=value`) in a command's words, or undefined. */
export function option(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === name) return argv[i + 1];
    if (argv[i]?.startsWith(`${name}=`)) return argv[i]?.slice(name.length + 1);
  }
  return undefined;
}

/** SIGKILL, by PID, every process whose command line names `dir` (a detached naught daemon, for one). */
function killProcessesNaming(dir: string): number[] {
  const killed: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (!fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(dir) || !isAlive(Number(entry))) continue;
      process.kill(Number(entry), 'SIGKILL');
      killed.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return killed;
}

/** Changes the app's RELEASE constant on disk, as putting a new release in /srv/myapp would. */
export function putNewRelease(appDir: string, release: string): void {
  const file = path.join(appDir, 'server.js');
  const source = fs.readFileSync(file, 'utf8');
  const changed = source.replace(/^const RELEASE = '[^']*';$/m, `const RELEASE = '${release}';`);
  if (changed === source) throw new Error(`no RELEASE constant to change in ${file}`);
  fs.writeFileSync(file, changed);
}
