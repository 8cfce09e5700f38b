/**
 * The counter's rpc interface: the module the daemon loads. The state, `count`,
 * lives in the daemon's memory, so every client of one daemon shares it, and
 * it is gone when that daemon ends.
 *
 * The factory runs once per client connection (with the server, that
 * connection's socket, and the daemon's `args`); the module's top level runs
 * once per daemon.
 */
import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
// The examples import naught-core from its source so that they run and typecheck before `make build`;
// in an application this is `from 'naught-core'`.
import type { AutodServer, Reply } from '../../../../naught-core/src/autod';

let count = 0;
/** One readable per client that called watch(): each gets every new count. */
const watchers = new Set<Readable>();

export default function createCounter(server: AutodServer, _session: Socket, _args: readonly string[]) {
  return {
    /** Callback form: the daemon answers when it calls reply(). */
    add(n: number, reply: Reply<number>): void {
      if (typeof n !== 'number' || !Number.isFinite(n)) throw new TypeError(`add() needs a finite number, not ${String(n)}`);
      count += n;
      for (const watcher of watchers) watcher.push(count);
      reply(null, count);
    },

    /** Promise form: the daemon answers with what the promise resolves to. */
    async get(): Promise<number> {
      return count;
    },

    /** Ends the daemon: answer first, then close the server (which ends every client's connection). */
    close(reply: Reply<void>): void {
      reply(null);
      void server.close();
    },

    /** A stream method (listed as 'watch:s'): every count from now on, as it changes. */
    watch(): Readable {
      const watcher = new Readable({ objectMode: true, read() {} });
      watchers.add(watcher);
      watcher.once('close', () => watchers.delete(watcher));
      return watcher;
    },
  };
}

/** What a client sees: autod<CounterApi>(...) types the proxy from this. */
export type CounterApi = ReturnType<typeof createCounter>;
