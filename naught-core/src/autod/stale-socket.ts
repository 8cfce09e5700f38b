/**
 * Before a daemon binds its socket, whatever is left at the path is looked at.
 * Under the start lock no other auto-daemon can be listening there, so a
 * socket file is normally stale (its daemon died) and is removed. Still, the
 * socket is asked first: a server that does not use the lock (another program,
 * another network namespace) must not lose its socket. Anything that is not a
 * socket is never removed.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import { AutodAlreadyRunningError, AutodStartError } from './errors';

export async function clearStaleSocket(sockfile: string): Promise<void> {
  let stats: fs.Stats;
  try {
    stats = await fs.promises.lstat(sockfile);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (!stats.isSocket()) {
    throw new AutodStartError('socket-occupied', sockfile, `${sockfile} exists and is not a socket; remove it or choose another sockfile`);
  }
  if (await answers(sockfile)) throw new AutodAlreadyRunningError(sockfile);
  await fs.promises.rm(sockfile, { force: true });
}

/** Whether something accepts connections on the socket. */
export function answers(sockfile: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.connect(sockfile);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}
