/** Keeps the last N complete lines of a byte stream fed in chunks (a ring: older lines are dropped in O(1)). */

const NEWLINE = 0x0a;

export class LastLines {
  private readonly ring: Buffer[] = [];
  /** Where the next line goes once the ring is full (it is then the oldest). */
  private next = 0;
  private partial: Buffer[] = [];

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    if (this.limit === 0) return;
    let from = 0;
    for (let newline = chunk.indexOf(NEWLINE); newline !== -1; newline = chunk.indexOf(NEWLINE, from)) {
      const piece = chunk.subarray(from, newline + 1);
      // Copied: the caller may reuse the chunk's memory.
      this.keep(this.partial.length === 0 ? Buffer.from(piece) : Buffer.concat([...this.partial, piece]));
      this.partial = [];
      from = newline + 1;
    }
    if (from < chunk.length) this.partial.push(Buffer.from(chunk.subarray(from)));
  }

  /** The complete lines kept, oldest first; an unfinished last line is not one of them. */
  take(): Buffer[] {
    if (this.ring.length < this.limit) return [...this.ring];
    return [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
  }

  private keep(line: Buffer): void {
    if (this.ring.length < this.limit) {
      this.ring.push(line);
      return;
    }
    this.ring[this.next] = line;
    this.next = (this.next + 1) % this.limit;
  }
}
