/**
 * Drains one server: the tracker installed for it, or one installed now.
 */
import type * as http from 'node:http';
import { trackConnections, type DrainOptions } from './connection-tracker';

/**
 * Stops accepting connections and resolves once every connection has closed
 * (see ConnectionTracker#drain). Call it synchronously from the 'shutdown'
 * handler. Without an earlier trackConnections(server), connections accepted
 * before this call are only learnt of when they carry a request: idle ones are
 * left to Node's keepAliveTimeout or the hard timeout.
 */
export function drainServer(server: http.Server, options?: DrainOptions): Promise<void> {
  return trackConnections(server).drain(options);
}
