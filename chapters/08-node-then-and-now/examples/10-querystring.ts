/**
 * querystring.stringify and querystring.parse of 2009, which nested
 * (baz[quux]=asdf), next to today's URLSearchParams, which does not.
 */
import * as querystringToday from 'node:querystring';
import { section } from '../lib/sections';
import querystring from '../then/querystring';
import * as sys from '../then/sys';

const ENCODED = 'foo=bar&baz%5Bquux%5D=asdf&baz%5Boof%5D=rab&boo%5B%5D=1&boo%5B%5D=2&boo%5B%5D=3';

// ---- 2009 ------------------------------------------------------------------
function then2009(): void {
  sys.puts(querystring.stringify({ name: 'ryan', lang: 'en' }));
  sys.puts(JSON.stringify(querystring.parse('name=ryan&lang=en')));
  sys.puts(querystring.stringify({ foo: 'bar', baz: { quux: 'asdf', oof: 'rab' }, boo: [1, 2, 3] }));
  sys.puts(JSON.stringify(querystring.parse(ENCODED)));
}

// ---- today: flat pairs; a nested shape is your code's business --------------
function now(): void {
  console.log(new URLSearchParams({ name: 'ryan', lang: 'en' }).toString());
  console.log(JSON.stringify(Object.fromEntries(new URLSearchParams('name=ryan&lang=en'))));

  const params = new URLSearchParams([['foo', 'bar'], ['baz[quux]', 'asdf'], ['baz[oof]', 'rab']]);
  for (const n of [1, 2, 3]) params.append('boo[]', String(n));
  console.log(params.toString());

  const parsed = new URLSearchParams(ENCODED);
  const shaped = {
    foo: parsed.get('foo'),
    baz: { quux: parsed.get('baz[quux]'), oof: parsed.get('baz[oof]') },
    boo: parsed.getAll('boo[]'),
  };
  console.log(JSON.stringify(shaped));
}

section('then', 'querystring.stringify and parse, with nesting (then/querystring.ts)');
then2009();
section('now', 'URLSearchParams');
now();

section('changed', "today's node:querystring is flat, and spaces differ");
const nested = { foo: 'bar', baz: { quux: 'asdf' }, boo: [1, 2, 3] };
// its types already refuse a nested object; at run time it turns one into an empty value
console.log(`querystring.stringify of a nested object: ${querystringToday.stringify(nested as unknown as querystringToday.ParsedUrlQueryInput)}`);
console.log(`querystring.parse of a nested string: ${JSON.stringify(querystringToday.parse('baz%5Bquux%5D=asdf&boo%5B%5D=1'))}`);
console.log(`a space: querystring ${querystringToday.stringify({ q: 'node js' })}, URLSearchParams ${new URLSearchParams({ q: 'node js' }).toString()}`);
