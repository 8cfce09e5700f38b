/**
 * The options of autod(), connect(), createServer() and listen(), checked at
 * the call: a wrong type is an AutodOptionsError right away, never a value
 * that means something else later. (The original passed its options to the
 * daemon as command line flags, so `exit: false` arrived as the string
 * "false", which is truthy. Here the daemon gets one JSON argument, and
 * booleans stay booleans.)
 */
import { Buffer } from 'node:buffer';
import * as path from 'node:path';
import { AutodOptionsError } from './errors';
import { MAX_SOCKET_PATH_BYTES } from '../ipc/socket-path';
import { STREAM_SUFFIX } from './protocol';
import type { MethodSpec } from './types';

/** Shared by the daemon's server, whether autod() spawns it or you run it yourself. */
export interface AutodServerOptions {
  /** Close the server once no client has held a reference for `autocloseDelayMs`. Default false. */
  autoclose?: boolean;
  /** How long the refcount must stay at 0 before an autoclose. Default 1000 ms. */
  autocloseDelayMs?: number;
  /** Extra strings handed to the interface factory as its third argument. Default []. */
  args?: readonly string[];
}

export interface AutodConnectOptions<Api = Record<string, unknown>> {
  /** The unix socket (resolved against the current directory; at most 107 bytes once absolute). */
  sockfile: string;
  /** The methods to expose on the proxy; stream methods end with ':s'. */
  methods: ReadonlyArray<MethodSpec<Api>>;
  /** How long to wait for a daemon: its greeting on connect(), its start on autod(). Default 10000 ms. */
  startTimeoutMs?: number;
}

export interface AutodOptions<Api = Record<string, unknown>> extends AutodConnectOptions<Api>, AutodServerOptions {
  /** The rpc interface module the daemon loads (resolved against the current directory). */
  rpcfile: string;
  /** Where the daemon writes its pid. Default: `${sockfile}.pid`. */
  pidfile?: string;
  /** Forward the daemon's stdout and stderr to this process's, while this process runs. Default false. */
  debug?: boolean;
  /** The daemon exits once its server has closed (autoclose or server.close()), even with timers left. Default true. */
  exit?: boolean;
  /** The program to spawn. Default: process.execPath. */
  execPath?: string;
  /** Node options for the daemon, as for child_process.fork. Default: process.execArgv. */
  execArgv?: readonly string[];
  /** The daemon's working directory. Default: this process's. */
  cwd?: string;
  /** The daemon's environment. Default: process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface AutodListenOptions extends AutodServerOptions {
  sockfile: string;
  /** Where to write the pid once listening. Default: `${sockfile}.pid`; null for none. */
  pidfile?: string | null;
}

export interface ResolvedServerOptions {
  autoclose: boolean;
  autocloseDelayMs: number;
  args: string[];
}

export interface ResolvedConnectOptions {
  sockfile: string;
  methods: string[];
  startTimeoutMs: number;
}

export interface ResolvedAutodOptions extends ResolvedConnectOptions, ResolvedServerOptions {
  rpcfile: string;
  pidfile: string;
  debug: boolean;
  exit: boolean;
  execPath: string;
  execArgv: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** What the spawned daemon needs, as one JSON argument. */
export interface DaemonConfig extends ResolvedServerOptions {
  rpcfile: string;
  sockfile: string;
  pidfile: string;
  exit: boolean;
  debug: boolean;
}

function fail(option: string, message: string): never {
  throw new AutodOptionsError(option, message);
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null) fail('(options)', `${what} expects an options object`);
  return value as Record<string, unknown>;
}

function text(options: Record<string, unknown>, name: string, fallback?: string): string {
  const value = options[name] ?? fallback;
  if (value === undefined) fail(name, 'is required');
  if (typeof value !== 'string' || value === '') fail(name, `must be a non-empty string, not ${describe(value)}`);
  return value;
}

function flag(options: Record<string, unknown>, name: string, fallback: boolean): boolean {
  const value = options[name] ?? fallback;
  if (typeof value !== 'boolean') fail(name, `must be true or false, not ${describe(value)}`);
  return value;
}

function milliseconds(options: Record<string, unknown>, name: string, fallback: number): number {
  const value = options[name] ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) fail(name, `must be a number of milliseconds >= 0, not ${describe(value)}`);
  return value;
}

function strings(options: Record<string, unknown>, name: string, fallback: readonly string[]): string[] {
  const value = options[name] ?? fallback;
  if (!Array.isArray(value) || !value.every((entry) => typeof entry === 'string')) fail(name, `must be an array of strings, not ${describe(value)}`);
  return [...(value as string[])];
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `the string ${JSON.stringify(value)}` : Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value;
}

/** An absolute socket path that a unix socket can have (107 bytes at most on Linux). */
export function socketPath(options: Record<string, unknown>, name = 'sockfile'): string {
  const absolute = path.resolve(text(options, name));
  const bytes = Buffer.byteLength(absolute);
  if (bytes > MAX_SOCKET_PATH_BYTES) {
    fail(name, `${absolute} is ${bytes} bytes long; a unix socket path can have at most ${MAX_SOCKET_PATH_BYTES} (use a shorter directory, such as one under os.tmpdir())`);
  }
  return absolute;
}

function methodList(options: Record<string, unknown>): string[] {
  if (options.methods === undefined) fail('methods', 'is required');
  const methods = strings(options, 'methods', []);
  for (const method of methods) {
    const name = plainName(method);
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) fail('methods', `${JSON.stringify(method)} is not a method name (stream methods end with ${STREAM_SUFFIX})`);
  }
  if (new Set(methods.map(plainName)).size !== methods.length) fail('methods', 'lists a method twice');
  return methods;
}

/** 'tail:s' -> 'tail'. */
export function plainName(method: string): string {
  return method.endsWith(STREAM_SUFFIX) ? method.slice(0, -STREAM_SUFFIX.length) : method;
}

export function resolveServerOptions(value: unknown, what: string): ResolvedServerOptions {
  const options = record(value ?? {}, what);
  return {
    autoclose: flag(options, 'autoclose', false),
    autocloseDelayMs: milliseconds(options, 'autocloseDelayMs', 1_000),
    args: strings(options, 'args', []),
  };
}

export function resolveConnectOptions(value: unknown, what: string): ResolvedConnectOptions {
  const options = record(value, what);
  return { sockfile: socketPath(options), methods: methodList(options), startTimeoutMs: milliseconds(options, 'startTimeoutMs', 10_000) };
}

export function resolveAutodOptions(value: unknown): ResolvedAutodOptions {
  const options = record(value, 'autod()');
  const connect = resolveConnectOptions(options, 'autod()');
  const env = options.env ?? process.env;
  if (typeof env !== 'object' || env === null) fail('env', `must be an object, not ${describe(env)}`);
  return {
    ...connect,
    ...resolveServerOptions(options, 'autod()'),
    rpcfile: path.resolve(text(options, 'rpcfile')),
    pidfile: path.resolve(text(options, 'pidfile', `${connect.sockfile}.pid`)),
    debug: flag(options, 'debug', false),
    exit: flag(options, 'exit', true),
    execPath: text(options, 'execPath', process.execPath),
    execArgv: strings(options, 'execArgv', process.execArgv),
    cwd: path.resolve(text(options, 'cwd', process.cwd())),
    env: env as NodeJS.ProcessEnv,
  };
}

export function resolveListenOptions(value: unknown): ResolvedServerOptions & { sockfile: string; pidfile: string | null } {
  const options = record(value, 'listen()');
  const sockfile = socketPath(options);
  const pidfile = options.pidfile === null ? null : path.resolve(text(options, 'pidfile', `${sockfile}.pid`));
  return { ...resolveServerOptions(options, 'listen()'), sockfile, pidfile };
}

/** Parses the daemon's argument; the spawning client wrote it, so a bad one is a bug, reported as such. */
export function decodeDaemonConfig(argument: string | undefined): DaemonConfig {
  if (argument === undefined) throw new AutodOptionsError('(daemon)', 'the daemon was started without its configuration argument');
  const options = record(JSON.parse(argument) as unknown, 'the daemon');
  return {
    ...resolveServerOptions(options, 'the daemon'),
    rpcfile: text(options, 'rpcfile'),
    sockfile: socketPath(options),
    pidfile: text(options, 'pidfile'),
    exit: flag(options, 'exit', true),
    debug: flag(options, 'debug', false),
  };
}
