// Checks for exercise 12: the decoder is fed real byte sequences, cut at every possible point, and hostile input.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadSubject } from '../../shared/subject';

const EXERCISE_DIR = path.resolve(__dirname, '..');
type Frames = typeof import('../frames');

/** The checker's own encoder, so that the decoder's checks do not depend on your encodeFrame. */
function frame(text: string): Buffer {
  return Buffer.concat([Buffer.from(`${Buffer.byteLength(text)}\n`), Buffer.from(text)]);
}

/** Messages with 1-, 2-, 3- and 4-byte UTF-8 characters, and every kind of JSON value. */
const MESSAGES: unknown[] = [
  { action: 'deploy', env: { GREETING: 'héllo wörld' } },
  'naïve café, 3 €',
  ['日本語', '😀', { nested: [1, 2.5, -3e-7, true, false, null] }],
  42,
  null,
  '',
  { emoji: '👩‍💻🚀', escaped: 'line\nbreak "quoted" \\ back\u0000slash' },
];
const STREAM = Buffer.concat(MESSAGES.map((message) => frame(JSON.stringify(message))));

describe('Exercise 12: ipc frames', function () {
  this.timeout(20_000);
  let subject: Frames;
  before(() => {
    subject = loadSubject<Frames>(EXERCISE_DIR, 'frames.ts');
  });

  /** Feeds `chunks` to a fresh decoder and returns every message, then calls end(). */
  function decodeAll(chunks: Buffer[], maxFrameBytes?: number): unknown[] {
    const decoder = new subject.FrameDecoder(maxFrameBytes === undefined ? {} : { maxFrameBytes });
    const messages = chunks.flatMap((chunk) => decoder.push(chunk));
    decoder.end();
    return messages;
  }

  /** Asserts that `action` throws a FrameError (and not some other error). */
  function assertFrameError(action: () => unknown, why: string): void {
    let thrown: unknown = undefined;
    try {
      action();
    } catch (error) {
      thrown = error;
    }
    assert.ok(thrown !== undefined, `expected a FrameError for ${why}, but nothing was thrown`);
    assert.ok(thrown instanceof subject.FrameError, `expected a FrameError for ${why}, got ${String(thrown)}`);
  }

  describe('encodeFrame', () => {
    it('writes the JSON text length in UTF-8 bytes, a newline, then the JSON text', () => {
      for (const message of MESSAGES) {
        const text = JSON.stringify(message);
        const encoded = subject.encodeFrame(message);
        assert.ok(Buffer.isBuffer(encoded), `encodeFrame should return a Buffer, got ${typeof encoded}`);
        assert.equal(encoded.toString('utf8'), `${Buffer.byteLength(text)}\n${text}`, `the frame for ${text}`);
      }
      assert.equal(subject.encodeFrame('é').toString(), '4\n"é"', "'\"é\"' is 3 characters but 4 bytes");
    });

    it('throws a TypeError for a value JSON cannot encode', () => {
      assert.throws(() => subject.encodeFrame(undefined), TypeError, 'encodeFrame(undefined)');
      assert.throws(() => subject.encodeFrame(() => 1), TypeError, 'encodeFrame(a function)');
    });
  });

  describe('FrameDecoder', () => {
    it('decodes one frame given whole', () => {
      assert.deepEqual(decodeAll([frame('{"a":1}')]), [{ a: 1 }]);
    });

    it('decodes several frames from one chunk, in order', () => {
      assert.deepEqual(decodeAll([STREAM]), MESSAGES);
    });

    it('decodes what your encodeFrame wrote', () => {
      assert.deepEqual(decodeAll([Buffer.concat(MESSAGES.map((message) => subject.encodeFrame(message)))]), MESSAGES);
    });

    it('decodes the same messages whatever the one split point (every byte of the input, multi-byte characters included)', () => {
      for (let cut = 0; cut <= STREAM.length; cut++) {
        const messages = decodeAll([STREAM.subarray(0, cut), STREAM.subarray(cut)]);
        assert.deepEqual(messages, MESSAGES, `input cut into 2 chunks at byte ${cut} of ${STREAM.length}`);
      }
    });

    it('decodes the same messages whatever the two split points', () => {
      for (let first = 0; first <= STREAM.length; first++) {
        for (let second = first; second <= STREAM.length; second++) {
          const chunks = [STREAM.subarray(0, first), STREAM.subarray(first, second), STREAM.subarray(second)];
          assert.deepEqual(decodeAll(chunks), MESSAGES, `input cut into 3 chunks at bytes ${first} and ${second}`);
        }
      }
    });

    it('decodes the same messages fed one byte at a time', () => {
      const bytes = [...STREAM].map((byte) => Buffer.from([byte]));
      assert.deepEqual(decodeAll(bytes), MESSAGES);
    });

    it('returns each message from the push() that completes its frame', () => {
      const decoder = new subject.FrameDecoder();
      const first = frame('"one"');
      assert.deepEqual(decoder.push(first.subarray(0, first.length - 1)), [], 'the first frame is one byte short');
      const both = Buffer.concat([first.subarray(first.length - 1), frame('"two"'), frame('"three"').subarray(0, 3)]);
      assert.deepEqual(decoder.push(both), ['one', 'two'], 'the chunk that completes frames 1 and 2 and starts frame 3');
      assert.deepEqual(decoder.push(frame('"three"').subarray(3)), ['three']);
      decoder.end();
    });

    it('counts bytes, not characters: a header that counts characters is refused', () => {
      // '"é"' is 3 characters and 4 bytes: with "3" the body is cut inside the é, which is not JSON.
      assertFrameError(() => decodeAll([Buffer.from('3\n"é"')]), 'the frame 3\\n"é" (its JSON text is 4 bytes)');
      assert.deepEqual(decodeAll([Buffer.from('4\n"é"')]), ['é']);
    });

    it('accepts a frame of exactly maxFrameBytes', () => {
      const text = JSON.stringify('x'.repeat(98));
      assert.equal(Buffer.byteLength(text), 100);
      assert.deepEqual(decodeAll([frame(text)], 100), ['x'.repeat(98)]);
    });

    it('refuses a frame over maxFrameBytes as soon as its header arrives, before any of its body', () => {
      const decoder = new subject.FrameDecoder({ maxFrameBytes: 100 });
      assertFrameError(() => decoder.push(Buffer.from('101\n')), 'the header 101\\n with maxFrameBytes 100');
      const defaults = new subject.FrameDecoder();
      assertFrameError(() => defaults.push(Buffer.from(`${1024 * 1024 + 1}\n`)), 'a header of 1 MiB + 1 with the default limit');
    });

    it('refuses an endless header of digits without waiting for its newline', () => {
      const decoder = new subject.FrameDecoder({ maxFrameBytes: 1000 });
      assertFrameError(() => {
        // A peer that sends digits forever: the decoder must refuse once they exceed the limit, not collect them.
        for (let i = 0; i < 100; i++) decoder.push(Buffer.from('9'));
      }, 'a header of 100 nines, one byte at a time, with maxFrameBytes 1000');
    });

    it('refuses a malformed header: digits only, no sign, space, dot, exponent or leading zero', () => {
      // Most of them read as 7 with Number() or parseInt(), and "hello" with its quotes is 7 bytes: a lax header parser accepts them.
      const headers = ['+7', '7.0', '7e0', '0x7', ' 7', '7 ', '7\r', '07', 'seven', '-7', ''];
      for (const header of headers) {
        assertFrameError(() => decodeAll([Buffer.from(`${header}\n"hello"`)]), `the header ${JSON.stringify(header)}`);
      }
    });

    it('refuses a header at its first byte that is not a digit, without waiting for a newline', () => {
      const decoder = new subject.FrameDecoder();
      assertFrameError(() => decoder.push(Buffer.from('G')), 'the byte "G" where a header starts (an HTTP request sent to the wrong port)');
      const other = new subject.FrameDecoder();
      assertFrameError(() => other.push(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n')), 'an HTTP request');
    });

    it('refuses a body that is not JSON', () => {
      for (const text of ['{"a":', 'hello', '{a:1}', "'single'", '']) {
        assertFrameError(() => decodeAll([frame(text)]), `the body ${JSON.stringify(text)}`);
      }
    });

    it('refuses a body that is not valid UTF-8', () => {
      const invalid = Buffer.from([0x22, 0xff, 0xfe, 0x22]); // a JSON string whose bytes are not UTF-8
      assertFrameError(() => decodeAll([Buffer.concat([Buffer.from('4\n'), invalid])]), 'the body "\\xff\\xfe"');
    });

    it('stays broken after an error: every later push() and end() throws a FrameError', () => {
      const decoder = new subject.FrameDecoder();
      assertFrameError(() => decoder.push(Buffer.from('x\n')), 'the header "x"');
      assertFrameError(() => decoder.push(frame('"valid"')), 'a valid frame after the error');
      assertFrameError(() => decoder.end(), 'end() after the error');
    });

    it('end() refuses an input that stops in the middle of a frame, and accepts one that stops between frames', () => {
      const whole = frame('{"done":true}');
      for (const cut of [1, 2, 5, whole.length - 1]) {
        const decoder = new subject.FrameDecoder();
        decoder.push(whole.subarray(0, cut));
        assertFrameError(() => decoder.end(), `an input that stops after ${cut} of the frame's ${whole.length} bytes`);
      }
      const decoder = new subject.FrameDecoder();
      assert.deepEqual(decoder.push(whole), [{ done: true }]);
      decoder.end();
      const empty = new subject.FrameDecoder();
      empty.end();
    });
  });
});
