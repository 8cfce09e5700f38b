/**
 * url.parse, url.resolve, url.format (2009, and still in Node: no shim needed)
 * next to the WHATWG URL class (today, the same as in browsers).
 */
import * as url from 'node:url';
import { section } from '../lib/sections';
import * as sys from '../then/sys';

const EXAMPLE = 'http://user:pass@host.com:8080/p/a/t/h?query=string#hash';

// ---- 2009 (this code runs unchanged on Node 20) ----------------------------
function then2009(): void {
  const parsed = url.parse(EXAMPLE);
  sys.puts('protocol: ' + parsed.protocol);
  sys.puts('auth: ' + parsed.auth);
  sys.puts('host: ' + parsed.host + ', hostname: ' + parsed.hostname + ', port: ' + parsed.port);
  sys.puts('pathname: ' + parsed.pathname + ', search: ' + parsed.search + ', hash: ' + parsed.hash);
  sys.puts('query: ' + parsed.query);
  const request = url.parse('/status?name=ryan', true); // a request.url: just a path
  sys.puts('request name: ' + (request.query as Record<string, string>).name);
  sys.puts('resolved: ' + url.resolve('http://example.com/one/two', '../three'));
  sys.puts('formatted: ' + url.format({ protocol: 'http:', host: 'example.com', pathname: '/status', query: { name: 'ryan' } }));
}

// ---- today -----------------------------------------------------------------
function now(): void {
  const parsed = new URL(EXAMPLE);
  console.log(`protocol: ${parsed.protocol}`);
  console.log(`auth: ${parsed.username}:${parsed.password}`);
  console.log(`host: ${parsed.host}, hostname: ${parsed.hostname}, port: ${parsed.port}`);
  console.log(`pathname: ${parsed.pathname}, search: ${parsed.search}, hash: ${parsed.hash}`);
  console.log(`query: ${parsed.searchParams.toString()}`);
  const request = new URL('/status?name=ryan', 'http://localhost'); // a path needs a base
  console.log(`request name: ${request.searchParams.get('name')}`);
  console.log(`resolved: ${new URL('../three', 'http://example.com/one/two').href}`);
  const formatted = new URL('http://example.com/status');
  formatted.searchParams.set('name', 'ryan');
  console.log(`formatted: ${formatted.href}`);
}

section('then', 'url.parse, url.resolve, url.format (node:url, legacy API)');
then2009();
section('now', 'new URL(), searchParams (WHATWG URL)');
now();

section('changed', 'where the two parsers disagree');
try {
  new URL('/status?name=ryan');
} catch (error) {
  console.log(`new URL('/status?name=ryan') without a base: ${(error as NodeJS.ErrnoException).code}`);
}
const messy = 'HTTP://EXAMPLE.com:80/a/../b c';
console.log(`url.parse: ${url.parse(messy).href} (keeps :80 and the dot segments)`);
console.log(`new URL:   ${new URL(messy).href} (drops the default port, resolves the dots, as a browser does)`);
