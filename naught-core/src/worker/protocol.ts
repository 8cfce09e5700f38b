/**
 * naught 1.6.0's worker protocol, unchanged: three strings over the IPC
 * channel that `cluster.fork` opens, and the worker index in the environment.
 *
 * worker -> master: 'online' (ready for traffic), 'offline' (going down on its
 * own: fork a replacement now, let this one finish).
 * master -> worker: 'shutdown' (a newer worker is serving: close and exit),
 * and, from naught-core, 'replaced' (see below).
 */

export type WorkerMessage = 'online' | 'offline';

export const SHUTDOWN_MESSAGE = 'shutdown';

/**
 * naught-core's one addition, master -> worker: 'replaced' tells a worker that
 * went 'offline' that its replacement is online. A server written for 1.6.0
 * ignores it (it only looks for 'shutdown'), so it still finishes on its own
 * terms; the crash guard waits for it before it stops listening.
 */
export const REPLACED_MESSAGE = 'replaced';

function send(message: WorkerMessage): void {
  // Without the master (plain `node server.js`) there is no channel: no-op.
  // After cluster's disconnect the channel is closed and process.send would
  // emit an 'error' event on process, an uncaught exception of its own, so
  // look before sending and swallow a late failure: with the master gone
  // there is nobody left to tell.
  if (typeof process.send !== 'function' || !process.connected) return;
  process.send(message, () => undefined);
}

let announcedOnline = false;

/** Tells the naught master this worker is ready for traffic. */
export function online(): void {
  announcedOnline = true;
  send('online');
}

/** Whether online() was called: a worker that never was online has no replacement to hand over to. */
export function hasAnnouncedOnline(): boolean {
  return announcedOnline;
}

/** Tells the naught master this worker is going down on its own and needs a replacement. */
export function offline(): void {
  send('offline');
}

/**
 * Calls `handler` when the master says 'shutdown'. Returns a function that
 * unsubscribes. Start draining synchronously inside the handler: the master
 * follows 'shutdown' with cluster's disconnect, and Node processes both
 * messages back to back.
 */
export function onShutdown(handler: () => void): () => void {
  const listener = (message: unknown): void => {
    if (message === SHUTDOWN_MESSAGE) handler();
  };
  process.on('message', listener);
  return () => {
    process.off('message', listener);
  };
}

/** The worker's index from NAUGHT_WORKER, or null when not started by naught. */
export function workerIndex(): number | null {
  const raw = process.env.NAUGHT_WORKER?.trim();
  // Digits only: Number() would also take '1e3', '0x1f' or ''.
  if (raw === undefined || !/^\d+$/.test(raw)) return null;
  const index = Number(raw);
  return Number.isSafeInteger(index) ? index : null;
}

/** True when naught started this process (it sets NAUGHT_WORKER for every worker). */
export function isNaughtWorker(): boolean {
  return workerIndex() !== null;
}
