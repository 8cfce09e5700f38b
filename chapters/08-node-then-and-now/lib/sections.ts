/**
 * Every example prints its 2009 version under "== then ..." and today's under
 * "== now ...", and both must print the same lines (the tests compare them).
 * Remarks that belong to neither side go under "== changed ...".
 */
export function section(kind: 'then' | 'now' | 'changed', title: string): void {
  process.stdout.write(`== ${kind}: ${title}\n`);
}
