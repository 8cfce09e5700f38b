/**
 * Reads a systemd unit file the way systemd does, for the part of the syntax
 * a service like this one uses: sections, `Key=value` lines (repeated keys
 * add up, an empty value resets the list), comments, continuation lines,
 * quoting, the specifiers %t %n %N %p %%, and $VARIABLES in command lines.
 * What it does not know (other specifiers, exec prefixes other than `-`) is
 * refused with a one-line reason rather than guessed at. See systemd.unit(5),
 * systemd.service(5) and systemd.exec(5).
 */

/** section -> key -> every value assigned, in order. */
export type UnitFile = Map<string, Map<string, string[]>>;

export class UnitSyntaxError extends Error {
  override name = 'UnitSyntaxError';
}

export function parseUnitFile(text: string): UnitFile {
  const unit: UnitFile = new Map();
  let section: Map<string, string[]> | null = null;
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    let line = (lines[index] as string).trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const number = index + 1;
    // A line ending in a backslash goes on with the next one (joined with a space).
    while (line.endsWith('\\') && index + 1 < lines.length) {
      line = `${line.slice(0, -1)} ${(lines[++index] as string).trim()}`;
    }
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header !== null) {
      section = unit.get(header[1] as string) ?? new Map<string, string[]>();
      unit.set(header[1] as string, section);
      continue;
    }
    const assignment = /^([A-Za-z0-9]+)\s*=\s*(.*)$/.exec(line);
    if (assignment === null) throw new UnitSyntaxError(`line ${number}: not a Key=value line: ${line}`);
    if (section === null) throw new UnitSyntaxError(`line ${number}: ${assignment[1]}= comes before any [Section]`);
    const key = assignment[1] as string;
    const value = (assignment[2] as string).trim();
    section.set(key, value === '' ? [] : [...(section.get(key) ?? []), value]);
  }
  return unit;
}

/** The values of a key in [Service] (several for ExecReload= or Environment=, for instance). */
export function serviceValues(unit: UnitFile, key: string): string[] {
  return unit.get('Service')?.get(key) ?? [];
}

/** The last value of a [Service] key (a later assignment overrides an earlier one), or undefined. */
export function serviceValue(unit: UnitFile, key: string): string | undefined {
  const values = serviceValues(unit, key);
  return values[values.length - 1];
}

/** Splits a value into words: whitespace separates, quotes group, a backslash escapes the next character. */
export function splitWords(value: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < value.length; i++) {
    const char = value[i] as string;
    if (quote === null && /\s/.test(char)) {
      if (word !== null) words.push(word);
      word = null;
      continue;
    }
    word ??= '';
    if (char === '\\' && i + 1 < value.length) {
      word += value[++i];
    } else if (quote === null && (char === '"' || char === "'")) {
      quote = char;
    } else if (char === quote) {
      quote = null;
    } else {
      word += char;
    }
  }
  if (quote !== null) throw new UnitSyntaxError(`unterminated ${quote} quote in: ${value}`);
  if (word !== null) words.push(word);
  return words;
}

export interface SpecifierValues {
  /** %t: the runtime directory root, /run for a system service. */
  runtimeRoot: string;
  /** %n: the unit's full name, such as myapp.service. */
  unitName: string;
}

/** Expands the specifiers the checker knows: %t, %n, %N, %p and %%. */
export function expandSpecifiers(text: string, values: SpecifierValues): string {
  const prefix = values.unitName.replace(/\.service$/, '');
  return text.replace(/%(.)/g, (_match, specifier: string) => {
    switch (specifier) {
      case 't':
        return values.runtimeRoot;
      case 'n':
        return values.unitName;
      case 'N':
      case 'p':
        return prefix;
      case '%':
        return '%';
      default:
        throw new UnitSyntaxError(`the specifier %${specifier} is not supported by this checker (use %t, %n, %N, %p or %%): ${text}`);
    }
  });
}

/** Environment= lines: quoted or bare NAME=value words; a later assignment of a name wins. */
export function parseEnvironment(values: readonly string[], specifiers: SpecifierValues): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const value of values) {
    for (const word of splitWords(expandSpecifiers(value, specifiers))) {
      const equals = word.indexOf('=');
      if (equals <= 0) throw new UnitSyntaxError(`not a NAME=value assignment in Environment=: ${word}`);
      environment[word.slice(0, equals)] = word.slice(equals + 1);
    }
  }
  return environment;
}

export interface ExecCommand {
  /** The line as written after `ExecStart=` (and the others). */
  line: string;
  /** A leading `-`: systemd ignores the command's failure. */
  ignoreFailure: boolean;
  /** The program and its arguments, with specifiers and $VARIABLES expanded. */
  argv: string[];
}

/**
 * A command line of ExecStart=, ExecReload= or ExecStop=. `$NAME` alone as a
 * word becomes the value's words, `${NAME}` is replaced inside a word, `$$` is
 * a dollar sign; an unset variable is empty, as in systemd.
 */
export function parseExecLine(line: string, specifiers: SpecifierValues, environment: Record<string, string>): ExecCommand {
  let rest = line.trim();
  let ignoreFailure = false;
  while (/^[-@:+!]/.test(rest)) {
    const prefix = rest[0] as string;
    if (prefix !== '-') throw new UnitSyntaxError(`the command prefix "${prefix}" is not supported by this checker (only "-" is): ${line}`);
    ignoreFailure = true;
    rest = rest.slice(1);
  }
  const argv: string[] = [];
  for (const word of splitWords(expandSpecifiers(rest, specifiers))) {
    const whole = /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(word);
    if (whole !== null) {
      argv.push(...(environment[whole[1] as string] ?? '').split(/\s+/).filter(Boolean));
      continue;
    }
    argv.push(
      word.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (match, name: string | undefined) => (match === '$$' ? '$' : (environment[name as string] ?? ''))),
    );
  }
  if (argv.length === 0) throw new UnitSyntaxError(`an empty command line: ${line}`);
  if (!(argv[0] as string).startsWith('/')) throw new UnitSyntaxError(`the program must be an absolute path, such as /usr/bin/node: ${line}`);
  return { line, ignoreFailure, argv };
}

/** Parses a time span such as 30, 30s, 1min 30s or 500ms into seconds. */
export function parseTimeSpan(value: string): number {
  const units: Record<string, number> = { '': 1, s: 1, sec: 1, second: 1, seconds: 1, ms: 0.001, msec: 0.001, m: 60, min: 60, minute: 60, minutes: 60, h: 3600, hr: 3600, hour: 3600, hours: 3600 };
  const trimmed = value.trim();
  if (trimmed === 'infinity') return Number.POSITIVE_INFINITY;
  let seconds = 0;
  let matched = '';
  for (const part of trimmed.matchAll(/(\d+(?:\.\d+)?)\s*([a-z]*)\s*/g)) {
    const factor = units[part[2] as string];
    if (factor === undefined) throw new UnitSyntaxError(`unknown time unit "${part[2]}" in: ${value}`);
    seconds += Number(part[1]) * factor;
    matched += part[0];
  }
  if (matched.length !== trimmed.length || trimmed === '') throw new UnitSyntaxError(`not a time span: ${value}`);
  return seconds;
}
