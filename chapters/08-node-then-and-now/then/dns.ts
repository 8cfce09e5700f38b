/**
 * The `dns` module of Node 0.1 (2009) on today's Node: resolve, resolve4,
 * resolve6 and reverse, returning events.Promises (then/events.ts).
 * Success: (addresses, ttl, cname). Error: (code, msg).
 *
 * Built on a dns.Resolver (c-ares; the 2009 module used the udns library).
 * Differences, said plainly:
 * - ttl: today's resolve4/resolve6 give one TTL per address ({ ttl: true });
 *   the shim reports the smallest. reverse() gets no TTL from today's API: undefined.
 * - cname: today's A/AAAA answers do not carry the canonical name; the shim
 *   reports the name it asked for.
 * - code: 2009's numeric constants are today's string codes (dns.NXDOMAIN === 'ENOTFOUND').
 * - setServers() is not 2009 API: it points the shim at a resolver of your
 *   choice (the examples and tests use a tiny DNS server on 127.0.0.1).
 */
import * as dns from 'node:dns';
import { EventsPromise } from './events';

export const TEMPFAIL = dns.TIMEOUT; // 'ETIMEOUT' (a SERVFAIL is dns.SERVFAIL, 'ESERVFAIL')
export const PROTOCOL = dns.BADRESP; // 'EBADRESP'
export const NXDOMAIN = dns.NOTFOUND; // 'ENOTFOUND'
export const NODATA = dns.NODATA; // 'ENODATA'
export const NOMEM = dns.NOMEM; // 'ENOMEM'
export const BADQUERY = dns.BADQUERY; // 'EBADQUERY'

let resolver = new dns.Resolver();

/** Not in 2009: which servers the shim asks, e.g. ['127.0.0.1:5353']. */
export function setServers(servers: string[]): void {
  resolver = new dns.Resolver();
  resolver.setServers(servers);
}

export type Resolution<T> = EventsPromise<[addresses: T[], ttl: number | undefined, cname: string], [code: string, msg: string]>;

function fail(promise: Resolution<unknown>, error: NodeJS.ErrnoException): void {
  promise.emitError(error.code ?? 'EUNKNOWN', error.message);
}

export function resolve4(domain: string): Resolution<string> {
  const promise: Resolution<string> = new EventsPromise();
  resolver.resolve4(domain, { ttl: true }, (error, records) => {
    if (error !== null) fail(promise, error);
    else promise.emitSuccess(records.map((record) => record.address), Math.min(...records.map((record) => record.ttl)), domain);
  });
  return promise;
}

export function resolve6(domain: string): Resolution<string> {
  const promise: Resolution<string> = new EventsPromise();
  resolver.resolve6(domain, { ttl: true }, (error, records) => {
    if (error !== null) fail(promise, error);
    else promise.emitSuccess(records.map((record) => record.address), Math.min(...records.map((record) => record.ttl)), domain);
  });
  return promise;
}

/** dns.resolve(domain, rrtype = 'A'): 'A', 'AAAA' or 'PTR' in this shim (2009 also had MX, TXT, SRV). */
export function resolve(domain: string, rrtype: 'A' | 'AAAA' | 'PTR' = 'A'): Resolution<string> {
  if (rrtype === 'A') return resolve4(domain);
  if (rrtype === 'AAAA') return resolve6(domain);
  const promise: Resolution<string> = new EventsPromise();
  resolver.resolvePtr(domain, (error, names) => {
    if (error !== null) fail(promise, error);
    else promise.emitSuccess(names, undefined, domain);
  });
  return promise;
}

/** Reverse resolves an IP address to an array of domain names. */
export function reverse(ip: string): Resolution<string> {
  const promise: Resolution<string> = new EventsPromise();
  resolver.reverse(ip, (error, domains) => {
    if (error !== null) fail(promise, error);
    else promise.emitSuccess(domains, undefined, ip);
  });
  return promise;
}
