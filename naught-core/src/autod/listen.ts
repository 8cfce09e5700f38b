/**
 * The manual's `listen(createIface, opts)`: a server in the foreground, in
 * your own process. It listens on `sockfile` (replacing a stale socket file,
 * under the same start lock as spawned daemons), writes the pid file and
 * emits 'ready'; a failure (another daemon owns the socket, say) is emitted as
 * 'error'. Clients reach it with autod() (which then never spawns, since a
 * daemon answers) or with connect().
 */
import { resolveListenOptions, type AutodListenOptions } from './options';
import { AutodServer } from './server';
import type { CreateInterface } from './types';

export function listenAutod(createInterface: CreateInterface, options: AutodListenOptions): AutodServer {
  const resolved = resolveListenOptions(options);
  const server = new AutodServer(createInterface, resolved);
  server.listen(resolved.sockfile, resolved.pidfile).catch((error: unknown) => server.emit('error', error as Error));
  return server;
}
