/**
 * Exercise 08: port the 2012 deploy-tools module
 * (test/fixtures/deploy-tools-2012.js) to promises and async/await. Each
 * function takes the same arguments as its 2012 version minus the callback,
 * and returns a promise that resolves to what the callback got as its value,
 * or rejects with the error it got: same message, same `code` (see README.md).
 */

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

/** The name and version in dir/package.json. */
export async function readManifest(dir: string): Promise<Manifest> {
  // TODO: fs/promises instead of fs.readFile(file, 'utf8', callback); keep the
  // EMANIFEST errors of the 2012 version word for word.
  throw new Error(`TODO: read ${dir}/package.json`);
}

/** Writes file + '.gz', the file gzipped. */
export async function archive(file: string): Promise<Archive> {
  // TODO: fs/promises to read and write, and zlib.gzip through util.promisify.
  throw new Error(`TODO: gzip ${file}`);
}

/** Runs a program and resolves to its stdout; rejects with EEXIT on a non-zero exit. */
export async function run(command: string, args: readonly string[]): Promise<string> {
  // TODO: spawn as in 2012, then wait for 'close' with events.once (it rejects on 'error').
  throw new Error(`TODO: run ${command} ${args.join(' ')}`);
}

/** Resolves once something accepts connections on 127.0.0.1:port; ETIMEDOUT after timeoutMs. */
export async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  // TODO: AbortSignal.timeout(timeoutMs) for the deadline, events.once(socket, 'connect', { signal })
  // for each attempt, and timers/promises' setTimeout for the 50 ms between attempts.
  throw new Error(`TODO: wait for port ${port} (${timeoutMs} ms)`);
}
