/**
 * Writes plain JSON-like data (objects, arrays, strings, numbers, booleans,
 * null) as block-style YAML. Every string is written double-quoted with
 * JSON's escapes, which YAML reads the same way, so "100%", "8080" or "true"
 * stay strings.
 */
type Value = string | number | boolean | null | Value[] | { [key: string]: Value };

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_./-]*$/;

function scalar(value: Value): string | null {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} as YAML`);
    return String(value);
  }
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.length === 0) return '[]';
  if (!Array.isArray(value) && Object.keys(value).length === 0) return '{}';
  return null;
}

function key(name: string): string {
  return PLAIN_KEY.test(name) ? name : JSON.stringify(name);
}

function lines(value: Value, indent: string): string[] {
  const out: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value) {
      const simple = scalar(item);
      if (simple !== null) {
        out.push(`${indent}- ${simple}`);
        continue;
      }
      // The item's first line goes after the dash; the rest lines up under it.
      const inner = lines(item, `${indent}  `);
      out.push(`${indent}- ${(inner[0] as string).slice(indent.length + 2)}`, ...inner.slice(1));
    }
    return out;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [name, child] of Object.entries(value)) {
      if (child === undefined) continue;
      const simple = scalar(child);
      if (simple !== null) out.push(`${indent}${key(name)}: ${simple}`);
      else out.push(`${indent}${key(name)}:`, ...lines(child, `${indent}  `));
    }
    return out;
  }
  throw new Error('only objects and arrays are written as YAML blocks');
}

/** One YAML document per item, separated by ---. */
export function toYaml(documents: readonly unknown[]): string {
  return documents.map((document) => lines(JSON.parse(JSON.stringify(document)) as Value, '').join('\n') + '\n').join('---\n');
}
