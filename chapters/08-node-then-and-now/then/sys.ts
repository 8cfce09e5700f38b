/**
 * The `sys` module of Node 0.1 (2009) on today's Node. `require('sys')` still
 * loads in Node 20, but only as a deprecated alias of `util` (DEP0025), and
 * util lost puts/print/debug/error in Node 12: so the 2009 calls need this shim.
 * Today: console.log (puts), process.stdout.write (print), console.error
 * (debug, error), util.inspect (inspect), child_process.exec (exec).
 */
import { exec as execCallback } from 'node:child_process';
import { writeSync } from 'node:fs';
import * as util from 'node:util';
import { EventsPromise } from './events';

/** The string and a newline, to stdout. */
export function puts(text: unknown): void {
  process.stdout.write(`${String(text)}\n`);
}

/** Like puts(), without the newline. */
export function print(text: unknown): void {
  process.stdout.write(String(text));
}

/**
 * Written at once and synchronously, prefixed with "DEBUG: ". The 2009 text
 * says stdout; the shim writes to stderr, as util.debug, its successor, did.
 */
export function debug(text: unknown): void {
  writeSync(2, `DEBUG: ${String(text)}\n`);
}

/** A string representation of any value, for debugging. */
export function inspect(value: unknown): string {
  return util.inspect(value);
}

/**
 * Runs a shell command and buffers its output. Success: (stdout, stderr).
 * Error: (exit code, stdout, stderr). Today: util.promisify(child_process.exec).
 */
export function exec(command: string): EventsPromise<[stdout: string, stderr: string], [code: number, stdout: string, stderr: string]> {
  const promise = new EventsPromise<[string, string], [number, string, string]>();
  execCallback(command, (error, stdout, stderr) => {
    if (error === null) promise.emitSuccess(stdout, stderr);
    else promise.emitError(typeof error.code === 'number' ? error.code : 1, stdout, stderr);
  });
  return promise;
}
