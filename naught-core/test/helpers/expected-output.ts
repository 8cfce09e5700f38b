/**
 * What the CLI is expected to print, written out from the spec (never built
 * with naught-core's own formatting code): event lines, the usual sequences
 * of them, and the fixed messages.
 */

/** One event line, without its newline: `<Event>. booting: B, online: O, dying: D, new_online: N`. */
export function ev(name: string, booting: number, online: number, dying: number, newOnline: number): string {
  return `${name}. booting: ${booting}, online: ${online}, dying: ${dying}, new_online: ${newOnline}`;
}

/** Lines joined, each ending with a newline (the empty list gives ''). */
export function text(...lines: string[]): string {
  return lines.map((line) => `${line}\n`).join('');
}

/** What `naught start` prints on stderr while N workers boot (everything up to the last NewOnline). */
export function bootLines(n: number): string[] {
  const lines = [ev('Bootup', 0, 0, 0, 0)];
  for (let i = 1; i <= n; i += 1) lines.push(ev('SpawnNew', i, 0, 0, 0));
  for (let i = 1; i <= n; i += 1) lines.push(ev('NewOnline', n - i, 0, 0, i));
  return lines;
}

/** A deploy of N new workers over M old ones, up to the last OldExit (without `done`). */
export function deployLines(newCount: number, oldCount: number): string[] {
  const lines: string[] = [];
  for (let i = 1; i <= newCount; i += 1) lines.push(ev('SpawnNew', i, oldCount, 0, 0));
  for (let i = 1; i <= newCount; i += 1) lines.push(ev('NewOnline', newCount - i, oldCount, 0, i));
  for (let i = 1; i <= oldCount; i += 1) lines.push(ev('ShutdownOld', 0, oldCount - i, i, newCount));
  for (let i = 1; i <= oldCount; i += 1) lines.push(ev('OldExit', 0, 0, oldCount - i, newCount));
  return lines;
}

/** A stop of M workers that shut down when asked: ShutdownOld ×M then OldExit ×M. */
export function stopLines(m: number): string[] {
  const lines: string[] = [];
  for (let i = 1; i <= m; i += 1) lines.push(ev('ShutdownOld', 0, m - i, i, 0));
  for (let i = 1; i <= m; i += 1) lines.push(ev('OldExit', 0, 0, m - i, 0));
  return lines;
}

export const ready = (n: number): string => ev('Ready', 0, n, 0, 0);
export const SHUTDOWN_LINE = ev('Shutdown', 0, 0, 0, 0);
/** The line a failed deploy prints on stdout (without its newline). */
export const DEPLOY_FAILED = "Deploy failed. Check stderr.log and usage of 'online' and 'shutdown' events.";
export const CRASHED_AT_BOOT = 'The server crashed without booting. Check stderr.log.';
