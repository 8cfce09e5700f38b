/**
 * Exercise 07, reference solution: the key-value store's rpc interface, the
 * module the auto-daemon loads.
 *
 * The daemon calls the factory once per client connection, but loads the
 * module once: so the store lives at the module's top level, where every
 * client of this daemon shares it. (Inside the factory, each connection would
 * get a store of its own, and forget it when it disconnects.)
 */
import type { Socket } from 'node:net';
import type { AutodServer, Reply } from 'naught-core';

const store = new Map<string, string>();

export default function createStore(server: AutodServer, _session: Socket, _args: readonly string[]) {
  return {
    /** Stores `value` under `key`; answers how many keys the store holds now. */
    async set(key: string, value: string): Promise<number> {
      store.set(key, value);
      return store.size;
    },

    /** The value stored under `key`, or null (JSON has no undefined). */
    async get(key: string): Promise<string | null> {
      return store.get(key) ?? null;
    },

    /** Which daemon answers, how much it holds, and how many clients are connected to it right now. */
    async info(): Promise<{ pid: number; keys: number; clients: number }> {
      return { pid: process.pid, keys: store.size, clients: server.refs };
    },

    /** Answers first, then closes the server: the connections end, the socket and pid file go, the daemon exits. */
    stop(reply: Reply<void>): void {
      reply(null);
      void server.close();
    },
  };
}

/** What a client sees: autod<StoreApi>(...) types its proxy from this. */
export type StoreApi = ReturnType<typeof createStore>;
