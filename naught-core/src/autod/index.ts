/**
 * auto-daemon for TypeScript: implicit background services.
 *
 *   const client = await autod<CounterApi>({ rpcfile, sockfile, methods: ['add', 'get'] });
 *   console.log(await client.rpc.add(2));   // the daemon is spawned on first use, then shared
 *
 * It lives inside naught-core, in this folder, rather than in a package of
 * its own: it speaks naught-core's ipc framing (ipc/framing.ts), refuses
 * socket paths the kernel would cut short (ipc/socket-path.ts), classifies
 * connection failures as the naught CLI does (ipc/client.ts), and writes its
 * pid file the way naught's daemon does (daemon/pid-file.ts). A separate
 * workspace package would have to depend on naught-core for all of that, and
 * adding one means changing the workspace's package.json files.
 *
 * The names follow the manual of the original `auto-daemon` package:
 * autod(opts, cb), createServer(createIface, opts), listen(createIface, opts),
 * the 'process' event. They are also properties of `autod` itself:
 * autod.createServer, autod.listen, autod.connect.
 */
import { autod as connectOrSpawn } from './autod';
import { connectAutod } from './client';
import { listenAutod } from './listen';
import { createAutodServer } from './server';

export const autod = Object.assign(connectOrSpawn, { createServer: createAutodServer, listen: listenAutod, connect: connectAutod });

export { AutodStart, type AutodCallback, type AutodStartEvents } from './autod';
export { AutodClient, connectAutod, type AutodClientEvents } from './client';
export { listenAutod } from './listen';
export { AutodServer, createAutodServer, type AutodServerEvents } from './server';
export type { AutodOptions, AutodConnectOptions, AutodListenOptions, AutodServerOptions } from './options';
export type { CreateInterface, MethodSpec, NodeCallback, RemoteApi, RemoteCall, RemoteMethod, Reply } from './types';
export {
  AutodError,
  AutodOptionsError,
  AutodStartError,
  AutodNotRunningError,
  AutodAlreadyRunningError,
  AutodMissingMethodsError,
  AutodProtocolError,
  AutodConnectionClosedError,
  AutodRemoteError,
  type AutodStartFailure,
  type AutodNotRunningKind,
} from './errors';
