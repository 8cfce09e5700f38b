/**
 * Exercise 07: the key-value store's rpc interface, the module the
 * auto-daemon loads (see README.md).
 *
 * The daemon calls the factory below once per client connection, with the
 * server, that connection's socket and the daemon's `args`, and offers the
 * methods of the object it returns to that client. A method answers by
 * returning a promise (as these do), or by calling the `reply` callback it
 * gets as its last argument.
 */
import type { Socket } from 'node:net';
import type { AutodServer, Reply } from 'naught-core';

// TODO: the store itself (a Map<string, string>). Every client of one daemon
// must see the same data: where does it have to live?

export default function createStore(server: AutodServer, _session: Socket, _args: readonly string[]) {
  return {
    /** Stores `value` under `key`; answers how many keys the store holds now. */
    async set(key: string, value: string): Promise<number> {
      throw new Error(`TODO: store ${JSON.stringify(value)} under ${JSON.stringify(key)}`);
    },

    /** The value stored under `key`, or null. */
    async get(key: string): Promise<string | null> {
      throw new Error(`TODO: look up ${JSON.stringify(key)}`);
    },

    /** Which daemon answers (its pid), how many keys it holds, how many clients are connected (server.refs). */
    async info(): Promise<{ pid: number; keys: number; clients: number }> {
      return { pid: process.pid, keys: 0 /* TODO: the real number of keys */, clients: server.refs };
    },

    /** Answers, then closes the server, which ends the daemon. */
    stop(reply: Reply<void>): void {
      // TODO: answer with reply(null), then close the server (server.close()).
      reply(new Error('TODO: stop the daemon'));
    },
  };
}

/** What a client sees: autod<StoreApi>(...) types its proxy from this. */
export type StoreApi = ReturnType<typeof createStore>;
