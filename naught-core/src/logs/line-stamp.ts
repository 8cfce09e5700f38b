/**
 * `--log-timestamps`: an ISO 8601 time at the start of every line of the
 * workers' output. It is applied to whole lines (after LineBuffer), one pass
 * per chunk, so a line stays one write and lines stay unsplit.
 */

/**
 * Returns `lines` with `prefix` (ASCII) before each line; a last line without
 * '\n' is prefixed too. Done on latin1 strings, which map bytes one to one
 * (any bytes survive, UTF-8 or not) and let V8 insert the prefix in one
 * native pass: about 2.5 times as fast as copying line by line.
 */
export function prefixLines(lines: Buffer, prefix: Buffer): Buffer {
  if (lines.length === 0) return lines;
  const stamp = prefix.toString('latin1');
  const text = lines.toString('latin1');
  const endsWithNewline = text.endsWith('\n');
  const body = endsWithNewline ? text.slice(0, -1) : text;
  return Buffer.from(`${stamp}${body.replaceAll('\n', `\n${stamp}`)}${endsWithNewline ? '\n' : ''}`, 'latin1');
}

/**
 * Prefixes each line with the time it reached the daemon, as
 * `2025-11-21T20:12:48.462Z ` (UTC, milliseconds, then one space). Lines
 * that arrived in one chunk share one time.
 */
export function timestampLines(lines: Buffer, now: Date = new Date()): Buffer {
  return prefixLines(lines, Buffer.from(`${now.toISOString()} `));
}
