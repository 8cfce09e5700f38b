/**
 * Following the daemon's events for one request: print each as a line on
 * stderr unless the command turns it into its own message and exit code.
 */
import type { NaughtEvent } from '../events';
import type { IpcConnection } from '../ipc/client';
import type { NaughtRequest } from '../ipc/protocol';
import { printEvent } from './output';

const DAEMON_EXIT_WAIT_MS = 2_000;

/** Returns an exit code to end the command, or undefined to keep following (after printing the event). */
export type EventHandler = (event: NaughtEvent) => number | undefined | 'silent';

export function followEvents(
  connection: IpcConnection,
  request: NaughtRequest,
  onEvent: EventHandler,
  onLostConnection: () => number,
): Promise<number> {
  return new Promise((resolve) => {
    let finished = false;
    const finish = (code: number): void => {
      if (finished) return;
      finished = true;
      connection.close();
      resolve(code);
    };
    let shutdownCode: number | null = null;
    connection.onEvent((event) => {
      if (finished || shutdownCode !== null) return;
      const outcome = onEvent(event);
      if (outcome === undefined) printEvent(event);
      else if (outcome === 'silent') return;
      else if (event.event === 'Shutdown') {
        // The daemon closes its clients right before it exits: wait for that, so that when this
        // command returns the daemon is gone too (bounded, in case the close never comes).
        shutdownCode = outcome;
        setTimeout(() => finish(outcome), DAEMON_EXIT_WAIT_MS).unref();
      } else finish(outcome);
    });
    connection.onClose(() => finish(shutdownCode ?? onLostConnection()));
    connection.send(request);
  });
}
