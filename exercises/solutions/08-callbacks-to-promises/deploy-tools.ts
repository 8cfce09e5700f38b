/**
 * Exercise 08, reference solution: the 2012 deploy-tools module
 * (test/fixtures/deploy-tools-2012.js), ported to promises. Same functions,
 * same results, same errors; no callbacks, no `done` flags, no nesting.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs/promises';
import * as net from 'node:net';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';

/** zlib.gzip(buffer, callback) turned into a function that returns a promise. */
const gzip = promisify(zlib.gzip);

const RETRY_MS = 50;

export interface Manifest {
  name: string;
  version: string;
}

export interface Archive {
  /** The file written: the original's path plus '.gz'. */
  path: string;
  /** The size of the .gz file. */
  bytes: number;
}

/** Errors keep 2012's shape, a plain Error with a `code`, so callers that test `error.code` still work. */
function failure(message: string, code: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { code, ...extra });
}

export async function readManifest(dir: string): Promise<Manifest> {
  const file = path.join(dir, 'package.json');
  // A missing file rejects with fs's own ENOENT error, as the callback passed it on.
  const text = await fs.readFile(file, 'utf8');
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch (error) {
    throw failure(`${file}: invalid JSON (${(error as Error).message})`, 'EMANIFEST');
  }
  const { name, version } = (manifest ?? {}) as Partial<Record<'name' | 'version', unknown>>;
  if (manifest === null || typeof name !== 'string' || typeof version !== 'string') {
    throw failure(`${file}: needs a "name" and a "version", both strings`, 'EMANIFEST');
  }
  return { name, version };
}

export async function archive(file: string): Promise<Archive> {
  const compressed = await gzip(await fs.readFile(file));
  await fs.writeFile(`${file}.gz`, compressed);
  return { path: `${file}.gz`, bytes: compressed.length };
}

export async function run(command: string, args: readonly string[]): Promise<string> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'ignore'] });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  // once() rejects if 'error' comes first (a program that cannot start), and a
  // promise settles only once: the 'close' that follows an 'error' changes nothing.
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  if (code !== 0) {
    throw failure(`${command} exited with ${signal ? `signal ${signal}` : `code ${code}`}`, 'EEXIT', { exitCode: code, stdout });
  }
  return stdout;
}

export async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  // One deadline for every step: a connection attempt and the pause between
  // two both give up when it aborts. Its timer does not keep the process alive.
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    for (;;) {
      const socket = net.connect(port, '127.0.0.1');
      try {
        await once(socket, 'connect', { signal }); // rejects on the socket's 'error' (ECONNREFUSED) too
        return;
      } catch (error) {
        if (signal.aborted) throw error;
      } finally {
        socket.destroy();
      }
      await sleep(RETRY_MS, undefined, { signal });
    }
  } catch (error) {
    if (signal.aborted) throw failure(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`, 'ETIMEDOUT');
    throw error;
  }
}
