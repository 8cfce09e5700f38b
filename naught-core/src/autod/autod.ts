/**
 * autod(options): connect to the daemon on `sockfile`, spawning it first when
 * none answers. The loop below is what makes concurrent first starts safe:
 *
 *   1. connect; a daemon answers: done.
 *   2. none (no socket file, or a stale one): spawn a daemon and wait for its
 *      start report. Of several daemons spawned at once, exactly one takes the
 *      start lock (start-lock.ts) and listens; the others report
 *      'already-running' and exit.
 *   3. ready or already-running: back to 1 (a daemon that has the lock but is
 *      still loading its interface is simply retried, a little later).
 *
 * The original spawned, then connected once: with five clients on a fresh
 * socket, four daemons failed to listen and their clients failed with
 * "exited with code: 1".
 */
import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import type * as net from 'node:net';
import { AutodClient, openClient } from './client';
import { AutodNotRunningError, AutodStartError } from './errors';
import { resolveAutodOptions, type AutodOptions, type ResolvedAutodOptions } from './options';
import { spawnDaemon } from './spawn-daemon';
import type { RemoteApi } from './types';

export interface AutodStartEvents {
  /** A daemon process was spawned (also one that then lost a start race and exited). */
  process: [child: ChildProcess];
}

/** The manual's callback: the error, or the remote methods and the connection. */
export type AutodCallback<Api> = (error: Error | null, rpc?: RemoteApi<Api>, connection?: net.Socket, client?: AutodClient<Api>) => void;

/**
 * What autod() returns at once: an emitter of 'process' events that is also
 * awaitable (a PromiseLike of the connected client), so both forms read well:
 *
 *   const client = await autod<CounterApi>(options);
 *   autod<CounterApi>(options).on('process', (child) => ...);
 */
export class AutodStart<Api> extends EventEmitter<AutodStartEvents> implements PromiseLike<AutodClient<Api>> {
  readonly client: Promise<AutodClient<Api>>;

  constructor(options: ResolvedAutodOptions) {
    super();
    this.client = connectOrSpawn<Api>(options, (child) => this.emit('process', child));
  }

  then<A = AutodClient<Api>, B = never>(
    onFulfilled?: ((client: AutodClient<Api>) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.client.then(onFulfilled, onRejected);
  }

  catch<B = never>(onRejected: (reason: unknown) => B | PromiseLike<B>): Promise<AutodClient<Api> | B> {
    return this.client.catch(onRejected);
  }
}

/**
 * Connects to the daemon, spawning it first when none is running. Invalid
 * options throw an AutodOptionsError at once. With a callback (the manual's
 * form) the callback gets (error) or (null, rpc, connection, client).
 */
export function autod<Api = Record<string, unknown>>(options: AutodOptions<Api>): AutodStart<Api>;
/** The callback form returns the 'process' emitter only (nothing to await, so no floating promise to lint). */
export function autod<Api = Record<string, unknown>>(options: AutodOptions<Api>, callback: AutodCallback<Api>): EventEmitter<AutodStartEvents>;
export function autod<Api = Record<string, unknown>>(options: AutodOptions<Api>, callback?: AutodCallback<Api>): AutodStart<Api> {
  const start = new AutodStart<Api>(resolveAutodOptions(options));
  if (callback !== undefined) {
    start.client.then(
      (client) => process.nextTick(callback, null, client.rpc, client.connection, client),
      (error: unknown) => process.nextTick(callback, error),
    );
  }
  return start;
}

const RETRY_MS = 25;
/** After an 'already-running', how long to keep trying the winner before suspecting it died and spawning again. */
const WINNER_GRACE_MS = 5_000;

async function connectOrSpawn<Api>(options: ResolvedAutodOptions, onProcess: (child: ChildProcess) => void): Promise<AutodClient<Api>> {
  const deadline = Date.now() + options.startTimeoutMs;
  let waitForWinnerUntil = 0;
  for (;;) {
    let problem: AutodNotRunningError;
    try {
      return await openClient<Api>({ ...options, startTimeoutMs: Math.max(deadline - Date.now(), 1) });
    } catch (error) {
      if (!(error instanceof AutodNotRunningError)) throw error;
      problem = error;
    }
    const now = Date.now();
    if (now >= deadline) {
      throw new AutodStartError('timeout', options.sockfile, `no auto-daemon answered on ${options.sockfile} within ${options.startTimeoutMs} ms (last: ${problem.kind})`, { cause: problem });
    }
    if (now < waitForWinnerUntil) {
      await sleep(RETRY_MS);
      continue;
    }
    const outcome = await spawnDaemon(options, Math.max(deadline - now, 1), onProcess);
    // Another daemon has the start lock and may still be loading its interface: give it time to listen.
    if (outcome === 'already-running') waitForWinnerUntil = Date.now() + WINNER_GRACE_MS;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
