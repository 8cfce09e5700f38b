/**
 * naught 1.6.0's wire format, kept so a 1.6.0 client still talks to our
 * daemon: each frame is the decimal length of a JSON text, a newline, then the
 * JSON text itself. The length counts UTF-16 code units (JavaScript string
 * length), as 1.6.0 did. Unlike 1.6.0 the decoder refuses oversized or
 * malformed frames instead of buffering without end or throwing.
 */
import { StringDecoder } from 'node:string_decoder';

/** Large enough for a deploy carrying a big environment; small enough to refuse abuse. */
export const MAX_FRAME_LENGTH = 1024 * 1024;
/** A length header longer than this cannot be a valid one. */
const MAX_HEADER_LENGTH = String(MAX_FRAME_LENGTH).length;

export class FrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FrameError';
  }
}

export function encodeFrame(message: unknown): string {
  const text = JSON.stringify(message);
  return `${text.length}\n${text}`;
}

/** Turns a byte stream into decoded messages; throws FrameError on a protocol violation. */
export class FrameDecoder {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';

  constructor(private readonly maxFrameLength = MAX_FRAME_LENGTH) {}

  push(chunk: Buffer | string): unknown[] {
    this.pending += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    const messages: unknown[] = [];
    for (;;) {
      const newline = this.pending.indexOf('\n');
      if (newline === -1) {
        if (this.pending.length > MAX_HEADER_LENGTH) throw new FrameError('frame header too long');
        return messages;
      }
      const header = this.pending.slice(0, newline);
      if (!/^\d+$/.test(header)) throw new FrameError('malformed frame header');
      const length = Number(header);
      if (length > this.maxFrameLength) throw new FrameError(`frame of ${length} exceeds the limit of ${this.maxFrameLength}`);
      const end = newline + 1 + length;
      if (this.pending.length < end) return messages;
      const text = this.pending.slice(newline + 1, end);
      this.pending = this.pending.slice(end);
      try {
        messages.push(JSON.parse(text));
      } catch {
        throw new FrameError('frame is not valid JSON');
      }
    }
  }
}
