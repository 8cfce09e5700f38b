// Checks for exercise 11: your stream writes real files in a temporary directory, which are then read back.
import * as assert from 'node:assert/strict';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { loadSubject } from '../../shared/subject';

const EXERCISE_DIR = path.resolve(__dirname, '..');
type RotatingLog = typeof import('../rotating-log');

/** A small seeded random generator (mulberry32), so that a failing run can be told apart and repeated. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The files a log at `logPath` is expected to leave, by the README's rule, for these lines. */
function expectedFiles(lines: Buffer[], maxBytes: number): Buffer[] {
  const files: Buffer[][] = [[]];
  let size = 0;
  for (const line of lines) {
    if (size > 0 && size + line.length > maxBytes) {
      files.push([]);
      size = 0;
    }
    (files[files.length - 1] as Buffer[]).push(line);
    size += line.length;
  }
  return files.map((parts) => Buffer.concat(parts));
}

/** Where two buffers first differ, for a readable failure message. */
function describeDifference(actual: Buffer, expected: Buffer): string {
  let at = 0;
  while (at < actual.length && at < expected.length && actual[at] === expected[at]) at++;
  const around = (buffer: Buffer): string => JSON.stringify(buffer.subarray(Math.max(0, at - 20), at + 20).toString('utf8'));
  return `${actual.length} bytes instead of ${expected.length}, first difference at byte ${at}: got ${around(actual)}, expected ${around(expected)}`;
}

describe('Exercise 11: rotating log', function () {
  this.timeout(15_000);
  let subject: RotatingLog;
  let dir: string;
  let logPath: string;

  before(() => {
    subject = loadSubject<RotatingLog>(EXERCISE_DIR, 'rotating-log.ts');
  });
  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'exercise-11-')));
    logPath = path.join(dir, 'app.log');
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Writes the chunks as a well-behaved producer does (waiting for 'drain' when write() says so), ends, waits for 'finish'. */
  async function writeAll(stream: Writable, chunks: Array<Buffer | string>): Promise<void> {
    const failed = new Promise<never>((_resolve, reject) => stream.once('error', reject));
    failed.catch(() => undefined);
    for (const chunk of chunks) {
      if (!stream.write(chunk)) await Promise.race([once(stream, 'drain'), failed]);
    }
    stream.end();
    await Promise.race([finished(stream), failed]);
  }

  /** The log's files, oldest first: app-1.log, app-2.log, ..., then app.log. Fails on any other name. */
  function readLogFiles(): Array<{ name: string; content: Buffer }> {
    const names = fs.readdirSync(dir);
    const archives: number[] = [];
    for (const name of names) {
      const match = /^app-([1-9]\d*)\.log$/.exec(name);
      if (match) archives.push(Number(match[1]));
      else assert.equal(name, 'app.log', `unexpected file ${name} next to app.log (archives are named app-1.log, app-2.log, ...)`);
    }
    archives.sort((a, b) => a - b);
    archives.forEach((n, index) => assert.equal(n, index + 1, `archives must be numbered 1, 2, 3... without gaps; found ${archives.map((k) => `app-${k}.log`).join(', ')}`));
    assert.ok(names.includes('app.log'), `app.log should exist after 'finish'; found ${names.join(', ') || 'nothing'}`);
    const ordered = [...archives.map((n) => `app-${n}.log`), 'app.log'];
    return ordered.map((name) => ({ name, content: fs.readFileSync(path.join(dir, name)) }));
  }

  /** Asserts the files hold exactly `expected` (oldest first, the live file last). */
  function assertFiles(actual: Array<{ name: string; content: Buffer }>, expected: Buffer[]): void {
    const names = actual.map(({ name }) => name).join(', ');
    assert.equal(actual.length, expected.length, `expected ${expected.length} file(s) (${expected.length - 1} archive(s) + app.log), found ${actual.length}: ${names}`);
    actual.forEach(({ name, content }, index) => {
      const wanted = expected[index] as Buffer;
      assert.ok(content.equals(wanted), `${name}: ${describeDifference(content, wanted)}`);
    });
  }

  it('refuses a maxBytes that is not a positive whole number, with a RangeError, at once', () => {
    for (const maxBytes of [0, -5, 1.5, Number.NaN, Infinity, '100' as unknown as number]) {
      assert.throws(() => subject.createRotatingLog({ path: logPath, maxBytes }), RangeError, `maxBytes ${String(maxBytes)}`);
    }
  });

  it('writes what it is given to the file at path', async () => {
    const log = subject.createRotatingLog({ path: logPath, maxBytes: 1000 });
    await writeAll(log, ['first line\n', Buffer.from('second line\n')]);
    assertFiles(readLogFiles(), [Buffer.from('first line\nsecond line\n')]);
  });

  it('rotates before a line that would take the file over maxBytes, and not before a line that just fits', async () => {
    const over = subject.createRotatingLog({ path: logPath, maxBytes: 10 });
    await writeAll(over, ['12345\n', '1234\n']); // 6 + 5 = 11 bytes > 10
    assertFiles(readLogFiles(), [Buffer.from('12345\n'), Buffer.from('1234\n')]);
    fs.rmSync(dir, { recursive: true });
    fs.mkdirSync(dir);
    const fits = subject.createRotatingLog({ path: logPath, maxBytes: 11 });
    await writeAll(fits, ['12345\n', '1234\n']); // exactly 11 bytes: no rotation
    assertFiles(readLogFiles(), [Buffer.from('12345\n1234\n')]);
  });

  it('keeps a line whole when it arrives in several chunks', async () => {
    const log = subject.createRotatingLog({ path: logPath, maxBytes: 8 });
    await writeAll(log, ['hel', 'lo\nwor', 'ld', '\n']);
    assertFiles(readLogFiles(), [Buffer.from('hello\n'), Buffer.from('world\n')]);
  });

  it('puts a line longer than maxBytes alone in a file of its own', async () => {
    const long = `${'x'.repeat(49)}\n`;
    const log = subject.createRotatingLog({ path: logPath, maxBytes: 20 });
    await writeAll(log, ['ab\n', long, 'cd\n']);
    assertFiles(readLogFiles(), [Buffer.from('ab\n'), Buffer.from(long), Buffer.from('cd\n')]);
  });

  it('writes a last line that has no newline when the stream ends', async () => {
    const log = subject.createRotatingLog({ path: logPath, maxBytes: 10 });
    await writeAll(log, ['12345\n', 'no newline']); // 6 + 10 > 10: the last line goes to a new file
    assertFiles(readLogFiles(), [Buffer.from('12345\n'), Buffer.from('no newline')]);
  });

  it('keeps every byte, in order, with no line split, over many lines of varied lengths in varied chunks', async () => {
    const seed = 20260611;
    const random = seededRandom(seed);
    const maxBytes = 1000;
    const alphabet = ['a', 'b', 'z', ' ', '0', 'é', '€', '日', '😀'];
    const lines: Buffer[] = [];
    for (let i = 0; i < 3000; i++) {
      const roll = random();
      // Mostly short lines, some empty ones, some near maxBytes, a few longer than it.
      const length = roll < 0.05 ? 0 : roll < 0.9 ? Math.floor(random() * 120) : roll < 0.98 ? 900 + Math.floor(random() * 100) : 1000 + Math.floor(random() * 1500);
      let text = `${i} `;
      while (Buffer.byteLength(text) < length) text += alphabet[Math.floor(random() * alphabet.length)];
      lines.push(Buffer.from(`${text}\n`));
    }
    // The last line has no newline and is maxBytes long, so it needs a rotation of its own, after end():
    // a stream that emits 'finish' before its last writes and renames are done cannot hide it.
    lines.push(Buffer.from('the end, without a newline '.padEnd(maxBytes, '.')));
    const written = Buffer.concat(lines);
    // Chunks of 1 to 300 bytes, and now and then a big one, cut anywhere: inside lines and inside characters.
    const chunks: Buffer[] = [];
    for (let offset = 0; offset < written.length; ) {
      const size = random() < 0.03 ? 5000 : 1 + Math.floor(random() * 300);
      chunks.push(written.subarray(offset, offset + size));
      offset += size;
    }

    const log = subject.createRotatingLog({ path: logPath, maxBytes });
    const atFinish: { files?: Array<{ name: string; content: Buffer }>; error?: unknown } = {};
    log.once('finish', () => {
      // Read synchronously inside the 'finish' listener: by then every byte must be in the files.
      try {
        atFinish.files = readLogFiles();
      } catch (error) {
        atFinish.error = error;
      }
    });
    await writeAll(log, chunks);
    const files = readLogFiles();

    const context = `(seed ${seed}, ${lines.length} lines, ${chunks.length} chunks, maxBytes ${maxBytes})`;
    const together = Buffer.concat(files.map(({ content }) => content));
    assert.ok(together.equals(written), `the files put together, oldest first, differ from what was written ${context}: ${describeDifference(together, written)}`);
    for (const { name, content } of files.slice(0, -1)) {
      assert.equal(content[content.length - 1], 0x0a, `${name} does not end with a newline: a line was split ${context}`);
    }
    for (const { name, content } of files) {
      const lineCount = content.toString('latin1').split('\n').length - 1;
      assert.ok(content.length <= maxBytes || lineCount === 1, `${name} has ${content.length} bytes in ${lineCount} lines: over maxBytes ${context}`);
    }
    assertFiles(files, expectedFiles(lines, maxBytes));
    assert.equal(atFinish.error, undefined, `reading the files in the 'finish' listener failed: ${String(atFinish.error)}`);
    assert.ok(atFinish.files !== undefined, "'finish' was never emitted");
    const finishBytes = Buffer.concat(atFinish.files.map(({ content }) => content));
    assert.ok(finishBytes.equals(written), `when 'finish' was emitted, the files did not hold everything yet ${context}: ${describeDifference(finishBytes, written)}`);
  });

  it("emits 'close' after 'finish', with its file closed", async () => {
    const log = subject.createRotatingLog({ path: logPath, maxBytes: 50 });
    const closed = once(log, 'close');
    await writeAll(log, Array.from({ length: 20 }, (_, i) => `line ${i}\n`));
    await Promise.race([closed, new Promise((_resolve, reject) => setTimeout(() => reject(new Error("no 'close' within 5 s of 'finish'")), 5_000).unref())]);
    const open = fs.readdirSync('/proc/self/fd').flatMap((fd) => {
      try {
        return [fs.readlinkSync(`/proc/self/fd/${fd}`)];
      } catch {
        return [];
      }
    });
    const stillOpen = open.filter((target) => target.startsWith(dir + path.sep));
    assert.deepEqual(stillOpen, [], 'files of the log still open after close');
  });

  it("reports a path it cannot open with an 'error' event (here ENOENT), not a throw", async () => {
    const missing = path.join(dir, 'no-such-directory', 'app.log');
    const log = subject.createRotatingLog({ path: missing, maxBytes: 100 });
    const error = new Promise<NodeJS.ErrnoException>((resolve) => log.once('error', resolve));
    log.write('hello\n');
    log.end();
    const reported = await Promise.race([error, new Promise<null>((resolve) => setTimeout(() => resolve(null), 5_000).unref())]);
    assert.ok(reported !== null, "no 'error' event within 5 s");
    assert.equal(reported.code, 'ENOENT', `the 'error' should be the fs error ENOENT, got ${String(reported)}`);
  });
});
