/**
 * Listening on a unix socket that only its owner can use. The umask is
 * narrowed around bind() so the socket never exists, even for a moment, with
 * wider permissions; the chmod after only guards against an odd filesystem.
 * Shared by naught-core's daemon and by autod.
 */
import * as fs from 'node:fs';
import type * as net from 'node:net';
import { checkSocketPath } from './socket-path';

export function listenOwnerOnly(server: net.Server, socketPath: string): Promise<void> {
  checkSocketPath(socketPath);
  return new Promise((resolve, reject) => {
    const previousUmask = process.umask(0o177);
    const onError = (error: Error): void => {
      process.umask(previousUmask);
      reject(error);
    };
    server.once('error', onError);
    server.listen(socketPath, () => {
      process.umask(previousUmask);
      server.removeListener('error', onError);
      try {
        fs.chmodSync(socketPath, 0o600);
      } catch {
        // the umask already gave 0600
      }
      resolve();
    });
  });
}
