/**
 * Following the daemon's events for one request: print each as a line on
 * stderr unless the command turns it into its own message and exit code.
 */
import type { NaughtEvent } from '../events';
import type { IpcConnection } from '../ipc/client';
import type { NaughtRequest } from '../ipc/protocol';
import { printEvent } from './output';

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
    connection.onEvent((event) => {
      if (finished) return;
      const outcome = onEvent(event);
      if (outcome === undefined) printEvent(event);
      else if (outcome !== 'silent') finish(outcome);
    });
    connection.onClose(() => finish(onLostConnection()));
    connection.send(request);
  });
}
