import * as assert from 'node:assert/strict';
import { LineBuffer } from '../../src/logs/line-buffer';
import { seededRandom } from './support';

const text = (buffer: Buffer | null): string | null => (buffer === null ? null : buffer.toString());

describe('logs/LineBuffer', () => {
  it('holds a chunk without a newline and returns nothing', () => {
    const lines = new LineBuffer();
    assert.equal(lines.push(Buffer.from('partial')), null);
    assert.equal(lines.pendingBytes, 7);
  });

  it('returns every complete line of a chunk and holds the rest', () => {
    const lines = new LineBuffer();
    assert.equal(text(lines.push(Buffer.from('one\ntwo\nthr'))), 'one\ntwo\n');
    assert.equal(lines.pendingBytes, 3);
    assert.equal(text(lines.push(Buffer.from('ee\n'))), 'three\n');
    assert.equal(lines.pendingBytes, 0);
  });

  it('joins a line split over several chunks', () => {
    const lines = new LineBuffer();
    assert.equal(lines.push(Buffer.from('a long ')), null);
    assert.equal(lines.push(Buffer.from('line in ')), null);
    assert.equal(text(lines.push(Buffer.from('three parts\nnext'))), 'a long line in three parts\n');
    assert.equal(text(lines.flush()), 'next\n');
  });

  it('ignores an empty chunk', () => {
    const lines = new LineBuffer();
    assert.equal(lines.push(Buffer.alloc(0)), null);
    assert.equal(lines.flush(), null);
  });

  it('flush appends a newline to the last line and empties the buffer', () => {
    const lines = new LineBuffer();
    lines.push(Buffer.from('done\nno newline'));
    assert.equal(text(lines.flush()), 'no newline\n');
    assert.equal(lines.flush(), null);
    assert.equal(lines.pendingBytes, 0);
  });

  it('flush returns null when the last chunk ended with a newline', () => {
    const lines = new LineBuffer();
    assert.equal(text(lines.push(Buffer.from('x\n'))), 'x\n');
    assert.equal(lines.flush(), null);
  });

  it('gives back exactly the input, in whole lines, however it is chunked', () => {
    const random = seededRandom(7);
    const input = Buffer.from(
      Array.from({ length: 2000 }, (_, i) => `line ${i} ${'x'.repeat(Math.floor(random() * 300))}\n`).join('') + 'tail',
    );
    const lines = new LineBuffer();
    const out: Buffer[] = [];
    for (let offset = 0; offset < input.length; ) {
      const size = 1 + Math.floor(random() * 700);
      const result = lines.push(input.subarray(offset, offset + size));
      if (result !== null) {
        assert.equal(result[result.length - 1], 0x0a, 'every result ends at a line end');
        out.push(result);
      }
      offset += size;
    }
    const rest = lines.flush();
    assert.ok(rest !== null);
    out.push(rest);
    assert.equal(Buffer.concat(out).toString(), `${input.toString()}\n`);
  });
});
