/**
 * Holds the unfinished last line of a byte stream so that only whole lines are
 * passed on. A worker's output arrives in pipe-sized chunks that end anywhere;
 * a line split between two chunks must still reach the log in one piece, or two
 * workers writing to the same log would interleave mid-line.
 */

const NEWLINE = 0x0a;
const NEWLINE_BUFFER = Buffer.from('\n');

export class LineBuffer {
  private held: Buffer[] = [];
  private heldBytes = 0;

  /** Bytes of an unfinished line waiting for its end. */
  get pendingBytes(): number {
    return this.heldBytes;
  }

  /**
   * Returns the complete lines now available, including the partial line held
   * from before, or null if `chunk` completed no line. The result may share
   * memory with `chunk` (no copy when nothing was held).
   */
  push(chunk: Buffer): Buffer | null {
    const lastNewline = chunk.lastIndexOf(NEWLINE);
    if (lastNewline === -1) {
      if (chunk.length > 0) this.hold(chunk);
      return null;
    }
    const lines = chunk.subarray(0, lastNewline + 1);
    const complete = this.held.length === 0 ? lines : Buffer.concat([...this.held, lines], this.heldBytes + lines.length);
    this.held = [];
    this.heldBytes = 0;
    if (lastNewline + 1 < chunk.length) this.hold(chunk.subarray(lastNewline + 1));
    return complete;
  }

  /** Returns what is left with a '\n' appended, so the last line is not lost when its writer exits; null if nothing is left. */
  flush(): Buffer | null {
    if (this.held.length === 0) return null;
    const rest = Buffer.concat([...this.held, NEWLINE_BUFFER], this.heldBytes + 1);
    this.held = [];
    this.heldBytes = 0;
    return rest;
  }

  private hold(part: Buffer): void {
    this.held.push(part);
    this.heldBytes += part.length;
  }
}
