/**
 * How a command's output is held to the text (docs/walkthroughs/README.md,
 * "Output"): line by line, runs of blanks count as one space, trailing blanks
 * and blank lines at the end do not count; `...` inside a line stands for any
 * text, and a line that is only `...` for any number of lines, none included.
 */

/** Lines as they are compared: runs of spaces and tabs made one space, no trailing blanks, no blank lines at the end. */
export function normalizeLines(lines: string[]): string[] {
  const normalized = lines.map((line) => line.replace(/[ \t]+/g, ' ').trimEnd());
  while (normalized.length > 0 && normalized[normalized.length - 1] === '') normalized.pop();
  return normalized;
}

function linePattern(expectedLine: string): RegExp {
  const parts = expectedLine.split('...').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`);
}

/** Whether the printed lines are what the expected lines describe (both already normalized). */
export function matchesExpected(expected: string[], printed: string[]): boolean {
  const patterns = expected.map((line) => (line.trim() === '...' ? null : linePattern(line)));
  // known[e][p]: whether expected lines from e match printed lines from p (memoized: `...` lines branch).
  const known = new Map<number, boolean>();
  const matchFrom = (e: number, p: number): boolean => {
    const key = e * (printed.length + 1) + p;
    const cached = known.get(key);
    if (cached !== undefined) return cached;
    let result: boolean;
    if (e === patterns.length) result = p === printed.length;
    else if (patterns[e] === null) result = matchFrom(e + 1, p) || (p < printed.length && matchFrom(e, p + 1));
    else result = p < printed.length && (patterns[e] as RegExp).test(printed[p] as string) && matchFrom(e + 1, p + 1);
    known.set(key, result);
    return result;
  };
  return matchFrom(0, 0);
}
