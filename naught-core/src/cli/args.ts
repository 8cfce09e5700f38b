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
  /** The first argument that is not an option, and everything after it. */
  positional: string[];
}

/** Splits `argv` into known options and the rest; stops at the first positional argument. */
export function parseArgs(command: CommandName, argv: readonly string[], known: readonly string[]): ParsedArgs {
  const options = new Map<string, string>();
  let index = 0;
  while (index < argv.length) {
    const arg = argv[index] as string;
    if (!arg.startsWith('--')) break;
    const equals = arg.indexOf('=');
    const name = arg.slice(2, equals === -1 ? undefined : equals);
    if (!known.includes(name)) throw new UsageError(command, `unknown option ${arg.slice(0, equals === -1 ? undefined : equals)}`);
    if (equals !== -1) {
      options.set(name, arg.slice(equals + 1));
      index += 1;
      continue;
    }
    const value = argv[index + 1];
    if (value === undefined) throw new UsageError(command, `option --${name} needs a value`);
    options.set(name, value);
    index += 2;
  }
  return { options, positional: argv.slice(index) };
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
