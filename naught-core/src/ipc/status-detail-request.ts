/** Asking a connected daemon for its detailed status (naught-core's NaughtStatusDetail). */
import { DaemonResponseError } from '../errors';
import type { StatusDetail } from '../status-detail';
import type { IpcConnection } from './client';

/**
 * Sends NaughtStatusDetail and resolves with the answer, then closes the
 * connection. Rejects with a DaemonResponseError if the daemon does not know
 * the request (naught 1.6.0 answers UnrecognizedMessage) or hangs up first.
 */
export function requestStatusDetail(connection: IpcConnection): Promise<StatusDetail> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (finish: () => void): void => {
      if (settled) return;
      settled = true;
      connection.close();
      finish();
    };
    connection.onStatusDetail((detail) => settle(() => resolve(detail)));
    connection.onEvent((event) => {
      if (event.event !== 'UnrecognizedMessage') return;
      settle(() => reject(new DaemonResponseError('the daemon does not give a detailed status (it is older than this naught-core, or naught 1.6.0)', event)));
    });
    connection.onClose(() => settle(() => reject(new DaemonResponseError('the daemon closed the connection before answering', null))));
    connection.send({ action: 'NaughtStatusDetail' });
  });
}
