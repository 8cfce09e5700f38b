/**
 * The start lock: at most one live daemon per socket path.
 *
 * Binding a socket *file* is exclusive only while no file is there. Once a
 * daemon has died and left its socket file behind (a SIGKILL, a crash), every
 * starter sees a stale file, and "unlink it, then bind" races: two starters
 * both unlink, the second unlinks the first one's fresh socket, and two
 * daemons run, one of them unreachable. Any lock kept in a file has the same
 * problem when its holder dies.
 *
 * So the lock is a socket in Linux's abstract namespace (a name that starts
 * with a NUL byte, no file at all): binding it is atomic and exclusive, and
 * the kernel frees the name the moment its holder dies, however it dies. The
 * holder keeps it for as long as it serves; whoever cannot bind it knows that
 * a live daemon owns the socket path. The name is derived from the socket's
 * canonical path, so two spellings of one path share one lock.
 *
 * Abstract sockets exist only on Linux (and are per network namespace). On
 * other systems the lock is a no-op: a fresh socket path is still safe (bind
 * itself is exclusive), but starters racing to replace a stale socket file
 * can collide as described above.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

export class StartLock {
  private constructor(private readonly server: net.Server | null) {}

  /** Takes the lock for `sockfile` (whose directory must exist); null when a live process holds it. */
  static async acquire(sockfile: string): Promise<StartLock | null> {
    if (process.platform !== 'linux') return new StartLock(null);
    const server = net.createServer((connection) => connection.destroy());
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(lockName(sockfile), () => {
          server.removeListener('error', reject);
          resolve();
        });
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') return null;
      throw error;
    }
    // The lock must not keep a process alive on its own; the server it guards does that.
    server.unref();
    return new StartLock(server);
  }

  release(): void {
    this.server?.close();
  }
}

/** `\0naught-autod/<sha256 of the canonical socket path>`: well under the 107-byte limit. */
export function lockName(sockfile: string): string {
  const canonical = path.join(fs.realpathSync(path.dirname(sockfile)), path.basename(sockfile));
  return `\0naught-autod/${createHash('sha256').update(canonical).digest('hex')}`;
}
