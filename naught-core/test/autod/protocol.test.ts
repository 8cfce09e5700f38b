// The wire format's pieces: stream chunks cut to fit a frame (never inside a
// surrogate pair), and messages validated rather than trusted.
import { strict as assert } from 'node:assert';
import { MAX_FRAME_LENGTH } from '../../src/ipc/framing';
import { decodeChunk, encodeChunk } from '../../src/autod/stream-chunks';
import { parseClientMessage, parseDaemonMessage } from '../../src/autod/protocol';

describe('auto-daemon: wire format', () => {
  it('cuts big buffers and strings into pieces that fit a frame, and puts them back together', () => {
    const bytes = Buffer.alloc(500 * 1024, 7);
    const pieces = encodeChunk(bytes);
    assert.equal(pieces.length, 3);
    for (const piece of pieces) assert.ok(JSON.stringify(piece).length < MAX_FRAME_LENGTH);
    assert.ok(Buffer.concat(pieces.map((piece) => decodeChunk(piece) as Buffer)).equals(bytes));

    // an emoji (two UTF-16 code units) right across the 128 Ki boundary, and control characters that JSON escapes six-fold
    const text = `${'a'.repeat(128 * 1024 - 1)}😀${'\u0001'.repeat(140 * 1024)}`;
    const strings = encodeChunk(text);
    assert.equal(strings.length, 3);
    for (const piece of strings) {
      assert.ok(JSON.stringify(piece).length < MAX_FRAME_LENGTH, 'even fully escaped, a piece fits');
      const value = decodeChunk(piece) as string;
      const last = value.charCodeAt(value.length - 1);
      assert.ok(!(last >= 0xd800 && last <= 0xdbff), 'no piece ends in the first half of a surrogate pair');
    }
    assert.equal(strings.map((piece) => decodeChunk(piece)).join(''), text);
    assert.deepEqual(decodeChunk(encodeChunk({ n: 1 })[0] as never), { n: 1 }, 'object mode values travel as JSON');
  });

  it('accepts well-formed messages only', () => {
    assert.deepEqual(parseClientMessage({ type: 'call', id: 1, method: 'add', args: [2] }), { type: 'call', id: 1, method: 'add', args: [2] });
    assert.equal(parseClientMessage({ type: 'call', id: 0, method: 'add', args: [] }), null, 'ids start at 1');
    assert.equal(parseClientMessage({ type: 'call', id: 1, method: 'add', args: 'x' }), null);
    assert.equal(parseClientMessage({ type: 'hello', version: 1, methods: ['a', 3] }), null);
    assert.equal(parseClientMessage({ type: 'data', id: 1, chunk: { kind: 'buffer' } }), null);
    assert.equal(parseClientMessage(['call']), null);
    assert.deepEqual(parseDaemonMessage({ type: 'result', id: 4 }), { type: 'result', id: 4, value: undefined }, 'an undefined answer has no value key');
    assert.equal(parseDaemonMessage({ type: 'failure', id: 4, error: { name: 'Error' } }), null);
    assert.equal(parseDaemonMessage({ type: 'welcome', version: 1, pid: -1, missing: [] }), null);
  });
});
