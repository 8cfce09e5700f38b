/**
 * `--log-timestamps`: an ISO 8601 time at the start of every line of the
 * workers' output. It is applied to whole lines (after LineBuffer), in one
 * copy per chunk, so a line stays one write and lines stay unsplit.
 */

const NEWLINE = 0x0a;

/** Returns `lines` with `prefix` before each line; a last line without '\n' is prefixed too. */
export function prefixLines(lines: Buffer, prefix: Buffer): Buffer {
  if (lines.length === 0) return lines;
  let count = 0;
  for (let at = lines.indexOf(NEWLINE); at !== -1; at = lines.indexOf(NEWLINE, at + 1)) count += 1;
  if (lines[lines.length - 1] !== NEWLINE) count += 1;
  const stamped = Buffer.allocUnsafe(lines.length + count * prefix.length);
  let from = 0;
  let to = 0;
  while (from < lines.length) {
    const newline = lines.indexOf(NEWLINE, from);
    const end = newline === -1 ? lines.length : newline + 1;
    to += prefix.copy(stamped, to);
    to += lines.copy(stamped, to, from, end);
    from = end;
  }
  return stamped;
}

/**
 * Prefixes each line with the time it reached the daemon, as
 * `2025-11-21T20:12:48.462Z ` (UTC, milliseconds, then one space). Lines
 * that arrived in one chunk share one time.
 */
export function timestampLines(lines: Buffer, now: Date = new Date()): Buffer {
  return prefixLines(lines, Buffer.from(`${now.toISOString()} `));
}
