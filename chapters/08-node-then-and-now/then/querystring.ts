/**
 * The `querystring` module of Node 0.1 (2009), whose stringify and parse
 * understood nesting: {baz: {quux: 'asdf'}, boo: [1, 2]} <->
 * baz[quux]=asdf&boo[]=1&boo[]=2 (brackets percent-encoded on the wire).
 *
 * Today's node:querystring still exists (a "legacy" module) but is flat: it
 * stringifies a nested object as `baz=` and parses `baz[quux]` as a key with
 * brackets in it. The bracket convention lives on in the `qs` package (what
 * Express's "extended" query parser uses); the web platform's answer is
 * URLSearchParams, which is flat too.
 *
 * escape and unescape are properties of the exported object so that, as in
 * 2009, a program can replace them.
 */

export type QueryValue = string | number | boolean | null | undefined | QueryValue[] | { [key: string]: QueryValue };
export interface ParsedQuery {
  [key: string]: string | string[] | ParsedQuery | ParsedQuery[];
}

function stringifyPair(name: string, value: QueryValue, sep: string, eq: string): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => stringifyPair(`${name}[]`, item, sep, eq));
  if (value !== null && typeof value === 'object') {
    return Object.keys(value).flatMap((key) => stringifyPair(`${name}[${key}]`, value[key], sep, eq));
  }
  return [`${querystring.escape(name)}${eq}${querystring.escape(value === null || value === undefined ? '' : String(value))}`];
}

/** Puts `value` at the bracket path of `key` ("a[b][]") inside `target`. */
function assign(target: ParsedQuery, key: string, value: string): void {
  const match = /^([^[\]]*)((?:\[[^[\]]*\])*)$/.exec(key);
  const path = match === null || match[2] === '' ? [key] : [match[1] as string, ...[...(match[2] as string).matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1] as string)];
  // "__proto__[polluted]=yes" must not reach Object.prototype (the bug that hit the qs package in 2017)
  if (path.some((segment) => segment === '__proto__' || segment === 'constructor' || segment === 'prototype')) return;
  let node: ParsedQuery | string[] = target;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i] as string;
    const last = i === path.length - 1;
    const nextIsPush = path[i + 1] === '';
    if (Array.isArray(node)) {
      // an array is only ever pushed to: "a[]=1&a[]=2"
      if (last) node.push(value);
      return;
    }
    if (last) {
      const existing = node[segment];
      if (existing === undefined) node[segment] = value;
      else if (Array.isArray(existing)) (existing as string[]).push(value);
      else if (typeof existing === 'string') node[segment] = [existing, value]; // a repeated flat key
      return;
    }
    const child: ParsedQuery[string] | undefined = node[segment];
    if (nextIsPush) {
      if (!Array.isArray(child)) node[segment] = [];
      node = node[segment] as string[];
    } else {
      if (child === undefined || typeof child !== 'object' || Array.isArray(child)) node[segment] = {};
      node = node[segment] as ParsedQuery;
    }
  }
}

export const querystring = {
  /** Serializes an object, nested objects and arrays included, into a query string. */
  stringify(object: Record<string, QueryValue>, sep = '&', eq = '='): string {
    return Object.keys(object)
      .flatMap((key) => stringifyPair(key, object[key], sep, eq))
      .join(sep);
  },

  /** Parses a query string, building nested objects and arrays from bracketed keys. */
  parse(text: string, sep = '&', eq = '='): ParsedQuery {
    const result: ParsedQuery = {};
    for (const piece of text.split(sep)) {
      if (piece === '') continue;
      const at = piece.indexOf(eq);
      const key = querystring.unescape(at === -1 ? piece : piece.slice(0, at));
      const value = at === -1 ? '' : querystring.unescape(piece.slice(at + eq.length));
      assign(result, key, value);
    }
    return result;
  },

  /** Used by stringify; replace it to change the escaping. */
  escape(text: string): string {
    return encodeURIComponent(text);
  },

  /** Used by parse; '+' is a space, as in HTML forms. */
  unescape(text: string): string {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  },
};

export default querystring;
