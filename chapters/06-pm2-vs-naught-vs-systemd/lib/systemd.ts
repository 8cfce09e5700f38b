/**
 * The systemd unit: rendering the template with real paths, checking it with
 * `systemd-analyze verify`, and reading its command lines so that a test can
 * run them as systemd would (systemd is not PID 1 on the machines this
 * repository is tested on, so `systemctl start` is not available).
 *
 * The parser knows the part of the unit-file syntax the template uses, and
 * refuses the rest (quotes, $VARIABLES, specifiers other than %t, prefixes
 * such as `-` or `+` on a command) instead of guessing.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CHAPTER_DIR, run, type RunResult } from './processes';

export const UNIT_TEMPLATE = path.join(CHAPTER_DIR, 'systemd', 'hello.service.in');

export interface UnitValues {
  USER: string;
  APP_DIR: string;
  PORT: string;
  NODE: string;
}

/** Fills in the template's {{NAME}} placeholders; throws on a placeholder without a value. */
export function renderUnit(values: UnitValues, template = fs.readFileSync(UNIT_TEMPLATE, 'utf8')): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_match, name: string) => {
    const value = (values as unknown as Record<string, string | undefined>)[name];
    if (value === undefined) throw new Error(`no value for {{${name}}}`);
    return value;
  });
}

/** The values for this machine: this user, node's real path. */
export function localUnitValues(appDir: string, port: number): UnitValues {
  return { USER: os.userInfo().username, APP_DIR: appDir, PORT: String(port), NODE: fs.realpathSync(process.execPath) };
}

/** section name -> key -> the values of every assignment of that key, in order. */
export type UnitFile = Map<string, Map<string, string[]>>;

export function parseUnit(text: string): UnitFile {
  const unit: UnitFile = new Map();
  let section: Map<string, string[]> | null = null;
  text.split('\n').forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    if (line.endsWith('\\')) throw new Error(`line ${index + 1}: continuation lines are not supported by this parser`);
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header !== null) {
      section = new Map();
      unit.set(header[1] as string, section);
      return;
    }
    const assignment = /^([A-Za-z0-9]+)\s*=\s*(.*)$/.exec(line);
    if (assignment === null || section === null) throw new Error(`line ${index + 1}: not a key=value in a section: ${line}`);
    const [, key, value] = assignment as unknown as [string, string, string];
    section.set(key, [...(section.get(key) ?? []), value]);
  });
  return unit;
}

/** The single value of a [Service] key (the last assignment wins, as in systemd). */
export function serviceValue(unit: UnitFile, key: string): string {
  const values = unit.get('Service')?.get(key);
  if (values === undefined || values.length === 0) throw new Error(`[Service] has no ${key}=`);
  return values[values.length - 1] as string;
}

/**
 * Splits a command line (ExecStart= and friends) into words and expands %t
 * to `runtimeRoot`, as systemd expands it to /run for a system service.
 */
export function splitCommandLine(line: string, runtimeRoot: string): string[] {
  if (/["'$\\;]/.test(line)) throw new Error(`quotes, variables, escapes and ';' are not supported by this parser: ${line}`);
  const words = line.split(/\s+/).filter(Boolean);
  if (words.length === 0) throw new Error('empty command line');
  if (!path.isAbsolute(words[0] as string)) throw new Error(`the command must be an absolute path (prefixes such as - or + are not supported): ${line}`);
  return words.map((word) =>
    word.replace(/%(.)/g, (_match, specifier: string) => {
      if (specifier === 't') return runtimeRoot;
      if (specifier === '%') return '%';
      throw new Error(`specifier %${specifier} is not supported by this parser: ${line}`);
    }),
  );
}

/** Environment= values: space-separated NAME=value assignments (no quoting). */
export function parseEnvironment(unit: UnitFile): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const value of unit.get('Service')?.get('Environment') ?? []) {
    if (/["'\\]/.test(value)) throw new Error(`quoted Environment= values are not supported by this parser: ${value}`);
    for (const assignment of value.split(/\s+/).filter(Boolean)) {
      const equals = assignment.indexOf('=');
      if (equals <= 0) throw new Error(`not an assignment in Environment=: ${assignment}`);
      environment[assignment.slice(0, equals)] = assignment.slice(equals + 1);
    }
  }
  return environment;
}

/**
 * What systemd gives a service's commands: its own PATH and the unit's
 * Environment=, not the environment of whoever ran `systemctl`.
 */
export function serviceEnvironment(unit: UnitFile): NodeJS.ProcessEnv {
  return { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8', ...parseEnvironment(unit) };
}

export function systemdAnalyzeInstalled(): boolean {
  return spawnSync('sh', ['-c', 'command -v systemd-analyze'], { stdio: 'ignore' }).status === 0;
}

/**
 * Installs Debian's systemd package (which brings systemd-analyze) when
 * systemd-analyze is missing, as root, as `make ensure-systemd-analyze` does.
 */
export function ensureSystemdAnalyze(): void {
  if (systemdAnalyzeInstalled()) return;
  if (os.userInfo().uid !== 0) throw new Error('systemd-analyze is missing: run `make ensure-systemd-analyze` as root');
  const install = spawnSync(
    'sh',
    ['-c', 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends systemd'],
    { stdio: 'inherit', timeout: 600_000 },
  );
  if (install.status !== 0 || !systemdAnalyzeInstalled()) throw new Error('could not install systemd-analyze (apt-get install systemd)');
}

/** `systemd-analyze verify FILE`: its exit code and output (bad keys only warn, on stderr). */
export function verifyUnit(unitPath: string): Promise<RunResult> {
  return run('systemd-analyze', ['verify', unitPath], { timeoutMs: 60_000 });
}
