/**
 * Command line parsing in naught 1.6.0's shape (`--name value` pairs, then
 * positional arguments), plus `--name=value`, and strict validation: 1.6.0
 * accepted `--worker-count 2x` as 2 and `--daemon-mode flase` as false, and
 * printed help with exit code 0 on bad input. Every problem here is a
 * UsageError, which the CLI reports as one line followed by the help.
 */
import * as os from 'node:os';
import { UsageError } from '../errors';
import type { CommandName } from './help';

export interface ParsedArgs {
  options: Map<string, string>;
  /** Options without a value (`--json`) that were given. */
  flags: Set<string>;
  /** Options that may be given more than once (`--env A=1 --env B=2`), in order. */
  lists: Map<string, string[]>;
  /** The first argument that is not an option, and everything after it. */
  positional: string[];
}

/** naught-core's own commands and options, beyond 1.6.0's `--name value` pairs. */
export interface ArgShapes {
  /** Options that take no value. */
  flags?: readonly string[];
  /** Options that take a value and may be repeated. */
  repeatable?: readonly string[];
  /** One-letter spellings (`-n` for `lines`); with them, any word starting with `-` is an option. */
  short?: Readonly<Record<string, string>>;
}

/** Splits `argv` into known options and the rest; stops at the first positional argument. */
export function parseArgs(command: CommandName, argv: readonly string[], known: readonly string[], shapes: ArgShapes = {}): ParsedArgs {
  const options = new Map<string, string>();
  const flags = new Set<string>();
  const lists = new Map<string, string[]>();
  const flagNames = shapes.flags ?? [];
  const repeatable = shapes.repeatable ?? [];
  const short = shapes.short ?? {};
  let index = 0;
  while (index < argv.length) {
    const arg = argv[index] as string;
    let name: string;
    let inlineValue: string | undefined;
    if (arg.startsWith('--')) {
      const equals = arg.indexOf('=');
      name = arg.slice(2, equals === -1 ? undefined : equals);
      if (equals !== -1) inlineValue = arg.slice(equals + 1);
      if (!known.includes(name) && !flagNames.includes(name) && !repeatable.includes(name)) {
        throw new UsageError(command, `unknown option ${arg.slice(0, equals === -1 ? undefined : equals)}`);
      }
    } else if (arg.startsWith('-') && arg.length > 1 && shapes.short !== undefined) {
      const long = short[arg];
      if (long === undefined) throw new UsageError(command, `unknown option ${arg}`);
      name = long;
    } else {
      break;
    }
    if (flagNames.includes(name)) {
      if (inlineValue !== undefined) throw new UsageError(command, `option --${name} takes no value`);
      flags.add(name);
      index += 1;
      continue;
    }
    let value = inlineValue;
    if (value === undefined) {
      value = argv[index + 1];
      if (value === undefined) throw new UsageError(command, `option ${arg.startsWith('--') ? `--${name}` : arg} needs a value`);
      index += 2;
    } else {
      index += 1;
    }
    if (repeatable.includes(name)) lists.set(name, [...(lists.get(name) ?? []), value]);
    else options.set(name, value);
  }
  return { options, flags, lists, positional: argv.slice(index) };
}

export function rejectExtraArguments(command: CommandName, extra: readonly string[]): void {
  if (extra.length > 0) throw new UsageError(command, `unexpected argument ${JSON.stringify(extra[0])}`);
}

export function parseBoolean(command: CommandName, name: string, value: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new UsageError(command, `--${name} must be true or false, not ${JSON.stringify(value)}`);
}

/** A whole number of workers; `auto` means one per CPU (for deploy too, which 1.6.0 refused). */
export function parseWorkerCount(command: CommandName, value: string, allowZero: boolean): number {
  if (value === 'auto') return os.availableParallelism();
  if (/^\d+$/.test(value)) {
    const count = Number(value);
    if (count > 0 || allowZero) return count;
  }
  const expected = allowZero ? 'a whole number (0 keeps the current count) or auto' : 'a positive whole number or auto';
  throw new UsageError(command, `--worker-count must be ${expected}, not ${JSON.stringify(value)}`);
}

export function parsePositiveInteger(command: CommandName, name: string, value: string): number {
  if (/^\d+$/.test(value) && Number(value) > 0 && Number.isSafeInteger(Number(value))) return Number(value);
  throw new UsageError(command, `--${name} must be a positive whole number, not ${JSON.stringify(value)}`);
}

/** A positive whole number, or `none` (null). */
export function parseCountOrNone(command: CommandName, name: string, value: string): number | null {
  if (value === 'none') return null;
  if (/^\d+$/.test(value) && Number(value) > 0 && Number.isSafeInteger(Number(value))) return Number(value);
  throw new UsageError(command, `--${name} must be a positive whole number or none, not ${JSON.stringify(value)}`);
}

/** Seconds, or `none`. */
export function parseTimeout(command: CommandName, value: string): number | null {
  if (value === 'none') return null;
  if (/^(\d+(\.\d*)?|\.\d+)$/.test(value)) return Number(value);
  throw new UsageError(command, `--timeout must be a number of seconds or none, not ${JSON.stringify(value)}`);
}

/** `--node-args` is split on whitespace, as 1.6.0 did (it kept an empty first argument on leading space; we do not). */
export function splitNodeArgs(value: string): string[] {
  const trimmed = value.trim();
  return trimmed === '' ? [] : trimmed.split(/\s+/);
}
