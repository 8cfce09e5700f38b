/**
 * Stream chunks in and out of JSON frames. A frame holds at most 1 MiB of
 * JSON text (ipc/framing.ts), so big buffers and strings travel in pieces:
 * 192 KiB of bytes is 256 KiB of base64; 128 Ki characters of a string are at
 * most 768 KiB of JSON even if every one needs a six-character escape. Object
 * mode values are sent whole and must fit in one frame.
 */
import { Buffer } from 'node:buffer';
import type { WireChunk } from './protocol';

const BUFFER_PIECE = 192 * 1024;
const STRING_PIECE = 128 * 1024;

export function encodeChunk(chunk: unknown): WireChunk[] {
  if (typeof chunk === 'string') return splitString(chunk).map((text) => ({ kind: 'string', text }));
  if (chunk instanceof Uint8Array) {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const pieces: WireChunk[] = [];
    for (let start = 0; start < bytes.length; start += BUFFER_PIECE) {
      pieces.push({ kind: 'buffer', base64: bytes.subarray(start, start + BUFFER_PIECE).toString('base64') });
    }
    return pieces.length > 0 ? pieces : [{ kind: 'buffer', base64: '' }];
  }
  return [{ kind: 'json', value: chunk }];
}

export function decodeChunk(chunk: WireChunk): unknown {
  switch (chunk.kind) {
    case 'buffer':
      return Buffer.from(chunk.base64, 'base64');
    case 'string':
      return chunk.text;
    case 'json':
      return chunk.value;
  }
}

/** Cuts a string into pieces, never between the two halves of a surrogate pair. */
function splitString(text: string): string[] {
  if (text.length <= STRING_PIECE) return [text];
  const pieces: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + STRING_PIECE, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}
