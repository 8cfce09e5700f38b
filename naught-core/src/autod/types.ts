/**
 * The types that connect an rpc interface module to its clients.
 *
 * The interface module exports a factory; its return type describes the API:
 *
 *   export = function createCounter(server: AutodServer, session: Socket, args: readonly string[]) {
 *     return {
 *       add(n: number, reply: Reply<number>) { reply(null, (count += n)); },   // callback form
 *       async get() { return count; },                                        // promise form
 *       watch() { return someReadable; },                                     // stream method, listed as 'watch:s'
 *     };
 *   };
 *   export type CounterApi = ReturnType<typeof createCounter>;
 *
 * A client names that type, `autod<CounterApi>(...)`, and gets a typed proxy:
 * `rpc.add(2)` is a Promise<number>, `rpc.add(2, (error, n) => ...)` takes a
 * Node-style callback, `rpc.watch()` returns a Duplex. A client never imports
 * the module's code, only its type: the code runs in the daemon.
 */
import type * as net from 'node:net';
import type { Duplex, Readable, Writable } from 'node:stream';
import type { AutodServer } from './server';

/** The callback a callback-form method receives last: `reply(error)` or `reply(null, value)`. */
export interface Reply<T> {
  (error: Error): void;
  (error: null, value: T): void;
}

/** What a client passes as the last argument for the callback form (value is undefined when error is set). */
export type NodeCallback<T> = (error: Error | null, value: T) => void;

export type AnyStream = Readable | Writable | Duplex;

/** A plain remote method: without a callback it returns a promise, with one it returns nothing. */
export interface RemoteCall<Args extends unknown[], Value> {
  (...args: Args): Promise<Value>;
  (...args: [...Args, NodeCallback<Value>]): void;
}

/** How a client sees one method of the interface (never: not callable remotely). */
export type RemoteMethod<F> = F extends (...args: infer A) => infer R
  ? R extends AnyStream
    ? (...args: A) => Duplex
    : R extends PromiseLike<infer V>
      ? RemoteCall<A, V>
      : A extends [...infer P, Reply<infer V>]
        ? RemoteCall<P, V>
        : never
  : never;

type RemoteKeys<Api> = { [K in keyof Api & string]: RemoteMethod<Api[K]> extends never ? never : K }[keyof Api & string];

/** The client's proxy for an interface type. */
export type RemoteApi<Api> = { [K in RemoteKeys<Api>]: RemoteMethod<Api[K]> };

/** A valid entry of `methods`: a plain method's name, or a stream method's name with ':s'. */
export type MethodSpec<Api> = {
  [K in RemoteKeys<Api>]: Api[K] extends (...args: never[]) => AnyStream ? `${K}:s` : K;
}[RemoteKeys<Api>];

/**
 * What an rpc interface module exports (as `module.exports` or `export default`):
 * called once per client connection with the server, that connection's socket
 * (to end the session: `session.destroy()`; never write to it, the protocol
 * owns it) and the daemon's `args`.
 */
export type CreateInterface<Api extends object = object> = (server: AutodServer, session: net.Socket, args: readonly string[]) => Api;
