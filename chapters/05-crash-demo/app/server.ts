/**
 * Starts the app on 127.0.0.1:PORT. Run directly (`node dist/server.js`),
 * this is the app exactly as the seed ran it: nothing stands between the bug
 * in `/read` and the process. The two naught-core calls change nothing
 * outside naught-core: online() only talks to naught-core when there is one,
 * and handleShutdown drains on naught's 'shutdown' (or on SIGTERM).
 */
import * as http from 'node:http';
import * as naught from 'naught-core';
import { createApp } from './app';

export interface ServeOptions {
  /** Install naught-core's crash guard (guarded-server.ts). */
  guard: boolean;
}

export function serve(options: ServeOptions): http.Server {
  const port = Number(process.env.PORT ?? 3000);
  const server = http.createServer(createApp());
  naught.handleShutdown(server); // 'shutdown' from naught-core, or SIGTERM: finish the requests, then exit
  if (options.guard) {
    // After an uncaught exception: log it, send 'offline' (naught-core starts a
    // replacement at once), keep serving until 'replaced', drain, exit 1. A
    // request whose handler crashed never gets an answer; give up on it after 10 s.
    naught.guardCrashes(server, { timeoutMs: 10_000 });
  }
  server.listen(port, '127.0.0.1', () => {
    console.log(`pid ${process.pid} listening on 127.0.0.1:${port}${options.guard ? ' (crash guard on)' : ''}`);
    naught.online(); // naught-core: ready for traffic
  });
  return server;
}

if (require.main === module) serve({ guard: false });
