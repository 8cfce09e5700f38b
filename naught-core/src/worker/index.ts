/**
 * The worker side of naught-core: what a server run under naught calls.
 *
 *   const server = http.createServer(app);   // or: const server = app.listen(...) with Express
 *   handleShutdown(server);                  // drain on 'shutdown', then exit
 *   guardCrashes(server);                    // 'offline', drain, exit 1 after a crash
 *   server.listen(port, () => online());
 */
export { online, offline, onShutdown, workerIndex } from './protocol';
export { trackConnections, type ConnectionTracker, type DrainOptions } from './connection-tracker';
export { drainServer } from './drain';
export { handleShutdown, type GracefulShutdownOptions } from './shutdown';
export { guardCrashes, type CrashGuardOptions } from './crash-guard';
