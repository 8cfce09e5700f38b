/**
 * Writing values into a systemd unit so that systemd reads back exactly
 * them (systemd.service(5) "Command lines", systemd.unit(5) "Specifiers"):
 * `%` starts a specifier everywhere, `$` a variable in command lines, and
 * double quotes with backslash escapes keep a word together.
 */
import { UsageError } from '../errors';

/** Characters that need no quoting in a command line word. */
const PLAIN_WORD = /^[A-Za-z0-9_+=:,./@-]+$/;

/** Control characters (a newline would end the setting) have no place in a unit; say so rather than write a broken one. */
export function rejectControlCharacters(what: string, value: string): void {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
  if (/[\u0000-\u001f\u007f]/.test(value)) throw new UsageError('systemd-unit', `${what} contains a control character: ${JSON.stringify(value)}`);
}

/** `%` -> `%%`: a literal percent sign in any unit setting. */
export function escapeSpecifiers(value: string): string {
  return value.replace(/%/g, '%%');
}

/** One word of ExecStart= and the like: as is when plain, else double-quoted, with `$` and `%` doubled. */
export function quoteExecWord(word: string): string {
  rejectControlCharacters('a command line argument', word);
  if (PLAIN_WORD.test(word)) return word;
  const escaped = word.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\$/g, '$$$$');
  return `"${escapeSpecifiers(escaped)}"`;
}

export function formatCommandLine(words: readonly string[]): string {
  return words.map(quoteExecWord).join(' ');
}

/** `Environment="NAME=value"`: quoted so that spaces stay, `\` and `"` escaped, `%` doubled (`$` is literal there). */
export function formatEnvironment(assignment: string): string {
  rejectControlCharacters('--env', assignment);
  return `Environment="${escapeSpecifiers(assignment.replace(/[\\"]/g, (c) => `\\${c}`))}"`;
}
