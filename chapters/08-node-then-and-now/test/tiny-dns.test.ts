/** The tiny DNS server the DNS example and tests use: its answers, byte by byte where it matters. */
import * as assert from 'node:assert/strict';
import * as dgram from 'node:dgram';
import { once } from 'node:events';
import { answer, startTinyDns } from '../lib/tiny-dns-server';

const ZONE = { a: { 'a.test': ['10.0.0.1'] }, ptr: { '1.0.0.10.in-addr.arpa': 'a.test' } };

/** A query for `name` and `type`, with id 0x1234 and recursion desired. */
function query(name: string, type: number): Buffer {
  const header = Buffer.from([0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]);
  const labels = name.split('.').map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label)]));
  return Buffer.concat([header, ...labels, Buffer.from([0, 0, type, 0, 1])]);
}

describe('chapter 8: the tiny DNS server (lib/tiny-dns-server.ts)', () => {
  it('answers an A question: same id, response + authoritative, the question echoed, one record with the address', () => {
    const result = answer(query('A.Test', 1), ZONE, 60);
    assert.ok(result !== null);
    const { response, question } = result;
    assert.equal(question, 'A a.test');
    assert.equal(response.readUInt16BE(0), 0x1234);
    assert.equal(response.readUInt16BE(2), 0x8000 | 0x0400 | 0x0100); // QR, AA, RD copied, rcode 0
    assert.deepEqual([response.readUInt16BE(4), response.readUInt16BE(6)], [1, 1]);
    assert.deepEqual([...response.subarray(-4)], [10, 0, 0, 1]);
    assert.equal(response.readUInt32BE(response.length - 10), 60); // the TTL
  });

  it('NXDOMAIN (rcode 3) for an unknown name; NODATA (rcode 0, no answer) for a known name of another type', () => {
    const unknown = answer(query('b.test', 1), ZONE, 60);
    assert.equal((unknown?.response.readUInt16BE(2) ?? 0) & 0x000f, 3);
    const otherType = answer(query('a.test', 28), ZONE, 60);
    assert.equal((otherType?.response.readUInt16BE(2) ?? 1) & 0x000f, 0);
    assert.equal(otherType?.response.readUInt16BE(6), 0);
  });

  it('ignores responses and garbage, and keeps serving after a malformed datagram', async () => {
    assert.equal(answer(Buffer.from([0, 0, 0x80, 0, 0, 1]), ZONE, 60), null);
    const server = await startTinyDns(ZONE);
    const client = dgram.createSocket('udp4');
    try {
      client.send(Buffer.from([0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 63]), server.port, '127.0.0.1'); // a name cut short
      client.send(query('a.test', 12), server.port, '127.0.0.1');
      const [reply] = (await once(client, 'message')) as [Buffer];
      assert.equal(reply.readUInt16BE(6), 0); // a.test has an A record, no PTR: an empty answer
      assert.deepEqual(server.questions, ['PTR a.test']);
    } finally {
      client.close();
      await server.close();
    }
  });
});
