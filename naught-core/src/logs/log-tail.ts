/**
 * The last N lines of a log, from the end of its live file and, when that
 * holds fewer, from its newest archives (gzipped or not), like `tail -n N`
 * over the whole series.
 */
import type { FileHandle } from 'node:fs/promises';
import { streamArchive } from './archive-read';
import { LastLines } from './last-lines';
import type { LiveLog } from './live-log';

const BLOCK_SIZE = 64 * 1024;
const NEWLINE = 0x0a;

export interface Tail {
  /** The last complete lines, oldest first, each ending with '\n'. */
  lines: Buffer[];
  /** In the live file, the position right after its last complete line: where following goes on. */
  offset: number;
  /** Bytes after the live file's last '\n' (a line still being written), not in `lines`. */
  partial: Buffer;
  /** Archives that were deleted (by --max-log-files) before they could be read. */
  missing: string[];
}

export async function readLastLines(live: LiveLog, count: number): Promise<Tail> {
  const tail: Tail = live.handle === null ? { lines: [], offset: 0, partial: Buffer.alloc(0), missing: [] } : await readLiveTail(live.handle, count);
  for (let i = live.archives.length - 1; i >= 0 && tail.lines.length < count; i -= 1) {
    const archive = live.archives[i];
    const last = new LastLines(count - tail.lines.length);
    const found = await streamArchive(archive, (chunk) => last.push(chunk));
    if (!found) {
      tail.missing.push(archive.gzPath);
      continue;
    }
    tail.lines.unshift(...last.take());
  }
  return tail;
}

/** Reads the live file backwards, a block at a time, until it has `count` complete lines before the last '\n'. */
async function readLiveTail(handle: FileHandle, count: number): Promise<Tail> {
  const size = (await handle.stat()).size;
  const blocks: Buffer[] = [];
  let position = size;
  let newlines = 0;
  // count + 1 newlines: the last one ends the newest line, and the text before the first may be cut.
  while (position > 0 && newlines <= count) {
    const length = Math.min(BLOCK_SIZE, position);
    position -= length;
    const block = Buffer.alloc(length);
    const { bytesRead } = await handle.read(block, 0, length, position);
    const read = block.subarray(0, bytesRead);
    blocks.unshift(read);
    for (let at = read.indexOf(NEWLINE); at !== -1; at = read.indexOf(NEWLINE, at + 1)) newlines += 1;
  }
  const text = Buffer.concat(blocks);
  const lastNewline = text.lastIndexOf(NEWLINE);
  const lines: Buffer[] = [];
  let from = 0;
  if (position > 0) from = text.indexOf(NEWLINE) + 1;
  while (from <= lastNewline) {
    const end = text.indexOf(NEWLINE, from) + 1;
    lines.push(text.subarray(from, end));
    from = end;
  }
  return {
    lines: lines.slice(Math.max(0, lines.length - count)),
    offset: position + lastNewline + 1,
    partial: text.subarray(lastNewline + 1),
    missing: [],
  };
}
