/**
 * The `repl` library of Node 0.1 (2009): repl.start(prompt) started a REPL on
 * standard input and output, and repl.scope exposed variables to it.
 * Today: repl.start({ prompt, input, output }) returns a REPLServer, and
 * server.context is where variables go. The standalone `node-repl` program
 * became plain `node` with no arguments.
 *
 * The second argument of start() is not in the 2009 API: it lets a program
 * (the example, the test) feed the REPL from its own streams.
 */
import * as repl from 'node:repl';
import type { Readable, Writable } from 'node:stream';

/** Assign to it before start(): its properties are copied into the REPL's context. */
export const scope: Record<string, unknown> = {};

export function start(prompt = 'node> ', streams: { input: Readable; output: Writable } = { input: process.stdin, output: process.stdout }): repl.REPLServer {
  const server = repl.start({ prompt, input: streams.input, output: streams.output, terminal: false, useColors: false });
  Object.assign(server.context, scope);
  return server;
}
