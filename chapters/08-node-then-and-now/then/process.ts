/**
 * The parts of Node 0.1's `process` object that are gone: createChildProcess,
 * mixin and the O_* constants. Import it as `process` in a 2009 sample
 * (`import { process } from '../then/process'`) and the sample's
 * `process.createChildProcess(...)` reads as it did; it only shadows the
 * global `process` in that file. Today: child_process.spawn,
 * Object.assign / spread / structuredClone, fs.constants.
 */
import { spawn, ChildProcessWithoutNullStreams } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { constants } from 'node:fs';
import * as os from 'node:os';

/**
 * 2009's process.ChildProcess. Events: 'output' (stdout data as a string;
 * null when stdout closes), 'error' (the same for stderr: NOT an error
 * object, and it never throws), 'exit' (the exit code, after the last
 * 'output' and 'error').
 */
export class ChildProcess extends EventEmitter {
  readonly #child: ChildProcessWithoutNullStreams;

  constructor(command: string, args: string[], env: NodeJS.ProcessEnv) {
    super();
    this.#child = spawn(command, args, { env });
    this.#child.stdout.setEncoding('utf8');
    this.#child.stderr.setEncoding('utf8');
    this.#child.stdout.on('data', (data: string) => this.emit('output', data));
    this.#child.stdout.on('end', () => this.emit('output', null));
    // Today an 'error' event nobody listens to throws; 2009's stderr 'error' event did not.
    this.#child.stderr.on('data', (data: string) => this.#emitStderr(data));
    this.#child.stderr.on('end', () => this.#emitStderr(null));
    // 'close' comes after both streams ended: 2009's promise that no output follows 'exit'.
    // A signal-killed child reports 128 + the signal number, as a shell does.
    this.#child.on('close', (code: number | null, signal: NodeJS.Signals | null) => {
      this.emit('exit', code ?? 128 + (signal === null ? 0 : os.constants.signals[signal]));
    });
    // A command that cannot start (ENOENT): the reason goes to the 'error' (stderr) listeners,
    // and 'exit' follows with today's code for it (-2, the negated errno).
    this.#child.on('error', (error: Error) => this.#emitStderr(`${error.message}\n`));
    // Writing to a child that is gone fails with EPIPE; 2009 reported nothing, 'exit' tells the story.
    this.#child.stdin.on('error', () => undefined);
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** Writes to the child's stdin; 2009's default encoding was "ascii". */
  write(data: string, encoding: BufferEncoding = 'ascii'): void {
    this.#child.stdin.write(data, encoding);
  }

  /** Closes the child's stdin. */
  close(): void {
    this.#child.stdin.end();
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    this.#child.kill(signal);
  }

  #emitStderr(data: string | null): void {
    if (this.listenerCount('error') > 0) this.emit('error', data);
  }
}

/** process.createChildProcess(command, args=[], env=process.env): starts the command (no shell). */
export function createChildProcess(command: string, args: string[] = [], env: NodeJS.ProcessEnv = globalThis.process.env): ChildProcess {
  return new ChildProcess(command, args, env);
}

type UnionToIntersection<U> = (U extends unknown ? (arg: U) => void : never) extends (arg: infer I) => void ? I : never;
type Mixed<T, Sources extends object[]> = T & UnionToIntersection<Sources[number]>;

/**
 * process.mixin([deep], target, object1, [objectN]): copies the properties of
 * the objects onto target and returns target. Like jQuery.extend of the time:
 * - properties whose value is undefined are not copied;
 * - inherited (enumerable) properties are copied too (a for...in loop);
 * - deep = true copies nested objects and arrays recursively instead of sharing them;
 * - with a single object and no target, the GLOBAL object is extended.
 */
export function mixin<S extends object>(source: S): typeof globalThis & S;
export function mixin<T extends object, Sources extends object[]>(target: T, ...sources: Sources): Mixed<T, Sources>;
export function mixin<T extends object, Sources extends object[]>(deep: boolean, target: T, ...sources: Sources): Mixed<T, Sources>;
export function mixin(...args: unknown[]): unknown {
  let deep = false;
  let index = 0;
  if (typeof args[0] === 'boolean') {
    deep = args[0];
    index = 1;
  }
  let target = (args[index] ?? {}) as Record<string, unknown>;
  index += 1;
  if (index === args.length) {
    // a single object: extend GLOBAL with it
    target = globalThis as unknown as Record<string, unknown>;
    index -= 1;
  }
  for (; index < args.length; index++) {
    const source = args[index] as Record<string, unknown> | null | undefined;
    if (source === null || source === undefined) continue;
    for (const key in source) {
      const copy = source[key];
      if (copy === target) continue; // never copy an object into itself
      if (deep && copy !== null && typeof copy === 'object') {
        const existing = target[key];
        const base = existing !== null && typeof existing === 'object' ? existing : Array.isArray(copy) ? [] : {};
        target[key] = mixin(true, base as object, copy);
      } else if (copy !== undefined) {
        target[key] = copy;
      }
    }
  }
  return target;
}

/** The 2009 process object's missing members, to shadow the global `process` in a 2009 sample. */
export const process = {
  createChildProcess,
  mixin,
  O_RDONLY: constants.O_RDONLY,
  O_WRONLY: constants.O_WRONLY,
  O_RDWR: constants.O_RDWR,
  O_CREAT: constants.O_CREAT,
  O_TRUNC: constants.O_TRUNC,
  O_APPEND: constants.O_APPEND,
};
