/**
 * A tiny authoritative DNS server over UDP, for the DNS example and its test:
 * it answers A and PTR questions from a fixed zone, on 127.0.0.1, so no
 * query ever leaves the machine. Unknown names get NXDOMAIN; a known name
 * asked for another type gets an empty answer (NODATA).
 *
 * The wire format (RFC 1035): a 12-byte header (id, flags, 4 counts), the
 * question (the name as length-prefixed labels ending in a 0 byte, the type,
 * the class), then the answer records.
 */
import * as dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';

export interface Zone {
  /** name -> IPv4 addresses */
  a: Record<string, string[]>;
  /** reverse name (4.3.2.1.in-addr.arpa) -> host name */
  ptr: Record<string, string>;
}

export interface TinyDnsServer {
  port: number;
  /** Every question received, as "TYPE name" (e.g. "A www.example.test"). */
  questions: string[];
  close(): Promise<void>;
}

const TYPE_A = 1;
const TYPE_PTR = 12;
const TYPE_NAMES: Record<number, string> = { 1: 'A', 12: 'PTR', 28: 'AAAA' };

/** Reads the question's name; returns it (lowercase, no final dot) and the offset after it. */
function readName(message: Buffer, offset: number): { name: string; end: number } {
  const labels: string[] = [];
  let at = offset;
  for (;;) {
    const length = message.readUInt8(at);
    at += 1;
    if (length === 0) break;
    labels.push(message.toString('latin1', at, at + length));
    at += length;
  }
  return { name: labels.join('.').toLowerCase(), end: at };
}

function encodeName(name: string): Buffer {
  const parts = name.split('.').filter((label) => label !== '');
  return Buffer.concat([...parts.map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label, 'latin1')])), Buffer.from([0])]);
}

function record(type: number, ttl: number, data: Buffer): Buffer {
  const fixed = Buffer.alloc(12);
  fixed.writeUInt16BE(0xc00c, 0); // the name: a pointer to the question's name, at offset 12
  fixed.writeUInt16BE(type, 2);
  fixed.writeUInt16BE(1, 4); // class IN
  fixed.writeUInt32BE(ttl, 6);
  fixed.writeUInt16BE(data.length, 10);
  return Buffer.concat([fixed, data]);
}

/** Builds the answer to one query message, or null for something that is not a query. */
export function answer(query: Buffer, zone: Zone, ttl: number): { response: Buffer; question: string } | null {
  if (query.length < 12 || (query.readUInt16BE(2) & 0x8000) !== 0 || query.readUInt16BE(4) < 1) return null;
  const { name, end } = readName(query, 12);
  const type = query.readUInt16BE(end);
  const questionBytes = query.subarray(12, end + 4); // name, type and class, echoed as they came

  const records: Buffer[] = [];
  let known = false;
  if (name in zone.a) {
    known = true;
    if (type === TYPE_A) {
      for (const address of zone.a[name] as string[]) records.push(record(TYPE_A, ttl, Buffer.from(address.split('.').map(Number))));
    }
  }
  if (name in zone.ptr) {
    known = true;
    if (type === TYPE_PTR) records.push(record(TYPE_PTR, ttl, encodeName(zone.ptr[name] as string)));
  }

  const header = Buffer.alloc(12);
  header.writeUInt16BE(query.readUInt16BE(0), 0); // the query's id
  const recursionDesired = query.readUInt16BE(2) & 0x0100;
  const rcode = known ? 0 : 3; // 3: NXDOMAIN
  header.writeUInt16BE(0x8000 | 0x0400 | recursionDesired | rcode, 2); // a response, authoritative
  header.writeUInt16BE(1, 4); // one question
  header.writeUInt16BE(records.length, 6);
  return { response: Buffer.concat([header, questionBytes, ...records]), question: `${TYPE_NAMES[type] ?? `TYPE${type}`} ${name}` };
}

/** Starts the server on 127.0.0.1, on a free port unless one is given. */
export async function startTinyDns(zone: Zone, options: { port?: number; ttl?: number } = {}): Promise<TinyDnsServer> {
  const socket = dgram.createSocket('udp4');
  const questions: string[] = [];
  socket.on('message', (message, remote) => {
    let result: ReturnType<typeof answer>;
    try {
      result = answer(message, zone, options.ttl ?? 300);
    } catch {
      return; // a malformed message: no answer, as a real server would do
    }
    if (result === null) return;
    questions.push(result.question);
    socket.send(result.response, remote.port, remote.address);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  return {
    port: (socket.address() as AddressInfo).port,
    questions,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
