/**
 * Unix socket paths are limited to 107 bytes on Linux (sun_path is 108 with
 * the terminating NUL), and Node silently cuts a longer path short: the
 * daemon would listen somewhere else than the ipc file the user named, and no
 * later command could find it. So a path that is too long is refused up front.
 */
import { Buffer } from 'node:buffer';

export const MAX_SOCKET_PATH_BYTES = 107;

export class SocketPathTooLongError extends Error {
  readonly code = 'ENAMETOOLONG';

  constructor(readonly socketPath: string) {
    super(
      `the ipc-file path ${socketPath} is ${Buffer.byteLength(socketPath)} bytes long; ` +
        `a unix socket path can have at most ${MAX_SOCKET_PATH_BYTES} (use a shorter --ipc-file)`,
    );
    this.name = 'SocketPathTooLongError';
  }
}

/** Throws SocketPathTooLongError when the kernel could not bind or reach this path as given. */
export function checkSocketPath(socketPath: string): void {
  if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH_BYTES) throw new SocketPathTooLongError(socketPath);
}
