/**
 * Exercise 12, a reference solution: a decoder for `<byte length>\n<json>` frames.
 *
 * The decoder is a small state machine. While it reads a header it looks at
 * one byte at a time, so it can refuse hostile input at the first byte that
 * gives it away; while it reads a body it takes whole slices of the chunk, and
 * decodes the UTF-8 only once the body is complete, because a chunk may end in
 * the middle of a character.
 */

export const DEFAULT_MAX_FRAME_BYTES = 1024 * 1024;

export class FrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FrameError';
  }
}

const NEWLINE = 0x0a;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

export function encodeFrame(message: unknown): Buffer {
  const text: string | undefined = JSON.stringify(message);
  if (text === undefined) throw new TypeError(`JSON cannot encode ${typeof message}`);
  // Buffer.byteLength counts UTF-8 bytes: 'é' is 1 character but 2 bytes, '😀' is 2 UTF-16 units but 4 bytes.
  return Buffer.from(`${Buffer.byteLength(text)}\n${text}`);
}

export interface FrameDecoderOptions {
  maxFrameBytes?: number;
}

export class FrameDecoder {
  readonly maxFrameBytes: number;

  /** Reading a header (digits up to '\n'), or a body of `bodyLength` bytes. */
  private reading: 'header' | 'body' = 'header';
  /** The header's value so far, and how many digits it has: kept as a number, never as text that could grow. */
  private headerValue = 0;
  private headerDigits = 0;
  private bodyLength = 0;
  private bodyParts: Buffer[] = [];
  private bodyReceived = 0;
  /** Once the input is known to be bad, the decoder stays broken: the next byte's meaning cannot be trusted. */
  private failure: FrameError | null = null;
  // fatal: true makes invalid UTF-8 an error; Buffer#toString would quietly put U+FFFD in its place.
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true });

  constructor(options: FrameDecoderOptions = {}) {
    this.maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  }

  push(chunk: Buffer): unknown[] {
    if (this.failure !== null) throw this.failure;
    const messages: unknown[] = [];
    let offset = 0;
    while (offset < chunk.length) {
      offset = this.reading === 'header' ? this.readHeaderByte(chunk, offset) : this.readBody(chunk, offset, messages);
    }
    // A zero-length body is complete as soon as its header is: let it fail as the empty JSON text it is.
    if (this.reading === 'body' && this.bodyReceived === this.bodyLength) this.finishBody(messages);
    return messages;
  }

  end(): void {
    if (this.failure !== null) throw this.failure;
    if (this.reading === 'body' || this.headerDigits > 0) {
      this.fail(`the input ended in the middle of a frame (${this.reading === 'body' ? `${this.bodyReceived} of ${this.bodyLength} body bytes` : 'in its header'})`);
    }
  }

  /** Takes one header byte; returns the next offset. */
  private readHeaderByte(chunk: Buffer, offset: number): number {
    const byte = chunk[offset];
    if (byte === NEWLINE) {
      if (this.headerDigits === 0) this.fail('empty frame header');
      this.reading = 'body';
      this.bodyLength = this.headerValue;
      this.headerValue = 0;
      this.headerDigits = 0;
      return offset + 1;
    }
    if (byte < DIGIT_0 || byte > DIGIT_9) this.fail(`malformed frame header: byte 0x${byte.toString(16).padStart(2, '0')} is not a digit`);
    if (this.headerDigits > 0 && this.headerValue === 0) this.fail('malformed frame header: leading zero');
    this.headerValue = this.headerValue * 10 + (byte - DIGIT_0);
    this.headerDigits += 1;
    // Refuse now, before the newline and long before the body: a hostile peer could send digits, or a huge body, forever.
    if (this.headerValue > this.maxFrameBytes) {
      this.fail(`frame of at least ${this.headerValue} bytes exceeds the limit of ${this.maxFrameBytes}`);
    }
    return offset + 1;
  }

  /** Takes as much of the body as this chunk holds; returns the next offset. */
  private readBody(chunk: Buffer, offset: number, messages: unknown[]): number {
    const wanted = this.bodyLength - this.bodyReceived;
    const part = chunk.subarray(offset, offset + wanted);
    this.bodyParts.push(part);
    this.bodyReceived += part.length;
    if (this.bodyReceived === this.bodyLength) this.finishBody(messages);
    return offset + part.length;
  }

  private finishBody(messages: unknown[]): void {
    const body = Buffer.concat(this.bodyParts);
    this.reading = 'header';
    this.bodyParts = [];
    this.bodyReceived = 0;
    this.bodyLength = 0;
    let text: string;
    try {
      text = this.utf8.decode(body);
    } catch {
      this.fail('frame body is not valid UTF-8');
    }
    try {
      messages.push(JSON.parse(text));
    } catch {
      this.fail('frame body is not valid JSON');
    }
  }

  private fail(message: string): never {
    this.failure = new FrameError(message);
    throw this.failure;
  }
}
