/**
 * The `posix` module of Node 0.1 (2009) on today's Node: thin wrappers around
 * the POSIX file calls, each returning an events.Promise (then/events.ts).
 * In 2009 they ran on a thread pool (libeio); today's `fs` module is their
 * heir, and `fs/promises` gives them real Promises.
 *
 * How the shim works: every operation is sent to one worker thread
 * (posix-worker.js) with a MessagePort of its own and a 4-byte shared flag.
 * - addCallback / addErrback: the result comes back as an ordinary
 *   'message' event on this thread's event loop, and settles the promise.
 * - wait(): this thread blocks in Atomics.wait() on the flag, which the
 *   worker flips after posting; the result is then taken off the port
 *   synchronously with receiveMessageOnPort(). Nothing runs on this thread
 *   meanwhile (2009's nested event loop kept running timers; this does not).
 *
 * Differences from 2009, on purpose: the errback receives an Error (with
 * `code`, such as 'ENOENT'); 2009 passed no arguments at all. Stats times
 * are Dates (2009: ISO strings). The one worker runs the operations in the
 * order they are issued; 2009's pool gave no ordering guarantee (and neither
 * does today's fs: chain or await).
 */
import * as path from 'node:path';
import { MessageChannel, MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads';
import { BlockingSource, EventsPromise, Outcome } from './events';

/** A posix.Stats object: the stat(2) fields, the times as Dates, and the usual type tests. */
export class Stats {
  dev = 0;
  ino = 0;
  mode = 0;
  nlink = 0;
  uid = 0;
  gid = 0;
  rdev = 0;
  size = 0;
  blksize = 0;
  blocks = 0;
  atime = new Date(0);
  mtime = new Date(0);
  ctime = new Date(0);

  isFile(): boolean {
    return (this.mode & 0o170000) === 0o100000;
  }

  isDirectory(): boolean {
    return (this.mode & 0o170000) === 0o040000;
  }
}

type PlainStats = Omit<Stats, 'atime' | 'mtime' | 'ctime' | 'isFile' | 'isDirectory'> & {
  atimeMs: number;
  mtimeMs: number;
  ctimeMs: number;
};

function toStats(plain: PlainStats): Stats {
  const { atimeMs, mtimeMs, ctimeMs, ...fields } = plain;
  return Object.assign(new Stats(), fields, { atime: new Date(atimeMs), mtime: new Date(mtimeMs), ctime: new Date(ctimeMs) });
}

/** The errback's argument: an Error with the errno code, as today's fs gives it. */
export type PosixError = NodeJS.ErrnoException;

let worker: Worker | undefined;

function fsWorker(): Worker {
  if (worker === undefined) {
    worker = new Worker(path.join(__dirname, 'posix-worker.js'), { execArgv: [] });
    worker.unref(); // an idle worker must not keep the process alive; each pending request's port does
  }
  return worker;
}

function decode(outcome: Outcome, decodeSuccess: (values: unknown[]) => unknown[]): Outcome {
  if (outcome.kind === 'success') return { kind: 'success', values: decodeSuccess(outcome.values) };
  const { message, code } = outcome.values[0] as { message: string; code?: string };
  const error: PosixError = new Error(message);
  if (code !== undefined) error.code = code;
  return { kind: 'error', values: [error] };
}

function settle(promise: EventsPromise<unknown[], unknown[]>, outcome: Outcome): void {
  if (outcome.kind === 'success') promise.emitSuccess(...outcome.values);
  else promise.emitError(...outcome.values);
}

function run<S extends unknown[]>(
  operation: string,
  args: unknown[],
  decodeSuccess: (values: unknown[]) => unknown[] = (values) => values,
): EventsPromise<S, [PosixError]> {
  const { port1, port2 } = new MessageChannel();
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const source: BlockingSource = {
    blockUntilSettled(timeoutMs: number): Outcome | null {
      if (Atomics.wait(flag, 0, 0, timeoutMs) === 'timed-out') return null; // the port stays open: a late answer is ignored
      const received = receiveMessageOnPort(port1) as { message: Outcome } | undefined;
      port1.close();
      if (received === undefined) throw new Error('posix shim: the worker flagged a result but posted none');
      return decode(received.message, decodeSuccess);
    },
  };
  const promise = new EventsPromise<S, [PosixError]>(source);
  port1.on('message', (raw: Outcome) => {
    port1.close();
    settle(promise as unknown as EventsPromise<unknown[], unknown[]>, decode(raw, decodeSuccess));
  });
  fsWorker().postMessage({ operation, args, port: port2, flag }, [port2 as MessagePort]);
  return promise;
}

export function rename(from: string, to: string): EventsPromise<[], [PosixError]> {
  return run('rename', [from, to]);
}

export function stat(file: string): EventsPromise<[stats: Stats], [PosixError]> {
  return run('stat', [file], ([plain]) => [toStats(plain as PlainStats)]);
}

export function unlink(file: string): EventsPromise<[], [PosixError]> {
  return run('unlink', [file]);
}

export function rmdir(dir: string): EventsPromise<[], [PosixError]> {
  return run('rmdir', [dir]);
}

export function mkdir(dir: string, mode = 0o777): EventsPromise<[], [PosixError]> {
  return run('mkdir', [dir, mode]);
}

export function readdir(dir: string): EventsPromise<[names: string[]], [PosixError]> {
  return run('readdir', [dir]);
}

/** flags: the O_* constants (the shim's `process.O_CREAT`, ... or today's fs.constants). */
export function open(file: string, flags: number, mode = 0o666): EventsPromise<[fd: number], [PosixError]> {
  return run('open', [file, flags, mode]);
}

export function close(fd: number): EventsPromise<[], [PosixError]> {
  return run('close', [fd]);
}

/** position null: at the current position. Resolves with the number of bytes written. */
export function write(fd: number, data: string, position: number | null = null, encoding: BufferEncoding = 'utf8'): EventsPromise<[written: number], [PosixError]> {
  return run('write', [fd, data, position, encoding]);
}

/** Resolves with the data as a string in `encoding` and the number of bytes read (2009 had no Buffer yet). */
export function read(fd: number, length: number, position: number | null = null, encoding: BufferEncoding = 'utf8'): EventsPromise<[data: string, bytesRead: number], [PosixError]> {
  return run('read', [fd, length, position, encoding]);
}

/** The whole file as a string. 'binary' (today: 'latin1') gives one character per byte. */
export function cat(file: string, encoding: BufferEncoding = 'utf8'): EventsPromise<[content: string], [PosixError]> {
  return run('cat', [file, encoding]);
}
