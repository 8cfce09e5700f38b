/**
 * Exercise 12: a decoder for length-prefixed JSON frames, `<byte length>\n<json>`.
 * Read README.md first; `make exercise 12` checks your work.
 */

/** The largest JSON text a frame may carry unless the decoder is told otherwise: 1 MiB. */
export const DEFAULT_MAX_FRAME_BYTES = 1024 * 1024;

/** Everything the decoder refuses is reported with this error (already written for you). */
export class FrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FrameError';
  }
}

/**
 * One frame for `message`: the length of its JSON text in UTF-8 bytes, in
 * decimal, a newline, then the JSON text. Throws a TypeError for a value that
 * JSON cannot encode (undefined, a function).
 */
export function encodeFrame(message: unknown): Buffer {
  // TODO: JSON.stringify the message (it returns undefined for undefined and functions: throw a TypeError then),
  // measure the text in bytes, not characters, and return the header and the text as one Buffer.
  throw new Error(`TODO: encodeFrame(${typeof message}) is not written yet`);
}

export interface FrameDecoderOptions {
  /** The largest JSON text accepted, in bytes. Default DEFAULT_MAX_FRAME_BYTES. */
  maxFrameBytes?: number;
}

/**
 * Turns bytes, cut anywhere, into the messages they carry.
 *
 *   const decoder = new FrameDecoder({ maxFrameBytes: 1000 });
 *   socket.on('data', (chunk) => { for (const message of decoder.push(chunk)) handle(message); });
 *   socket.on('end', () => decoder.end());
 */
export class FrameDecoder {
  readonly maxFrameBytes: number;

  constructor(options: FrameDecoderOptions = {}) {
    this.maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    // TODO: the state you need between two push() calls: where you are in the current frame
    // (still reading its header, or its body), the header's value so far, the body's bytes so far,
    // and the error that broke the decoder, if any.
  }

  /**
   * Takes the next bytes and returns the messages of every frame they complete,
   * in order (often none, sometimes several). Throws a FrameError as soon as the
   * bytes cannot be a valid frame; from then on every call throws a FrameError.
   */
  push(chunk: Buffer): unknown[] {
    // TODO: walk through the chunk byte by byte while reading a header, and take whole slices of it for a body.
    throw new Error(`TODO: push() is not written yet (got ${chunk.length} bytes)`);
  }

  /** The input is over: throws a FrameError if it ended in the middle of a frame (or the decoder is broken). */
  end(): void {
    // TODO: nothing left over is fine; half a header or half a body is a FrameError.
    throw new Error('TODO: end() is not written yet');
  }
}
