/**
 * What a client and an auto-daemon say to each other over the unix socket.
 * Every message is one JSON frame of naught-core's ipc framing (ipc/framing.ts:
 * a decimal length, a newline, the JSON text), so arguments and results must
 * survive JSON (numbers, strings, booleans, null, arrays, plain objects).
 *
 *   client                                 daemon
 *   hello {version, methods}        ->
 *                                   <-     welcome {version, pid, missing}  (or refused {error})
 *   call {id, method, args}         ->
 *                                   <-     result {id, value} | failure {id, error}
 *   open {id, method, args}         ->     (a stream method)
 *                                   <-     opened {id, readable, writable} | destroy {id, error}
 *   data / end / pause / resume / destroy {id, ...}   in both directions, for open streams
 *
 * Anything that does not parse as one of these is a protocol error: the
 * receiver closes the connection rather than guess.
 */

export const PROTOCOL_VERSION = 1;

export interface WireError {
  name: string;
  message: string;
  code?: string;
  stack?: string;
}

/** A stream chunk: bytes travel as base64, strings as text, anything else (object mode) as JSON. */
export type WireChunk = { kind: 'buffer'; base64: string } | { kind: 'string'; text: string } | { kind: 'json'; value: unknown };

export type StreamMessage =
  | { type: 'data'; id: number; chunk: WireChunk }
  | { type: 'end'; id: number }
  /** The receiver stops sending data for this stream until 'resume' (flow control). */
  | { type: 'pause'; id: number }
  | { type: 'resume'; id: number }
  /** The sender's side of the stream is gone; error is null for a plain close. */
  | { type: 'destroy'; id: number; error: WireError | null };

export type ClientMessage =
  | { type: 'hello'; version: number; methods: string[] }
  | { type: 'call'; id: number; method: string; args: unknown[] }
  | { type: 'open'; id: number; method: string; args: unknown[] }
  | StreamMessage;

export type DaemonMessage =
  | { type: 'welcome'; version: number; pid: number; missing: string[] }
  | { type: 'refused'; error: WireError }
  | { type: 'result'; id: number; value: unknown }
  | { type: 'failure'; id: number; error: WireError }
  | { type: 'opened'; id: number; readable: boolean; writable: boolean }
  | StreamMessage;

/** Suffix that marks a stream method in a methods list, as multiplex-rpc did: `'tail:s'`. */
export const STREAM_SUFFIX = ':s';

export function toWireError(error: unknown): WireError {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { name: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}), ...(error.stack === undefined ? {} : { stack: error.stack }) };
  }
  return { name: 'Error', message: String(error) };
}

type Fields = Record<string, unknown>;

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

function isWireError(value: unknown): value is WireError {
  if (!isRecord(value)) return false;
  const { name, message, code, stack } = value;
  return typeof name === 'string' && typeof message === 'string' && (code === undefined || typeof code === 'string') && (stack === undefined || typeof stack === 'string');
}

function isWireChunk(value: unknown): value is WireChunk {
  if (!isRecord(value)) return false;
  switch (value.kind) {
    case 'buffer':
      return typeof value.base64 === 'string';
    case 'string':
      return typeof value.text === 'string';
    case 'json':
      return true;
    default:
      return false;
  }
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((entry) => typeof entry === 'string');
}

function parseStreamMessage(message: Fields): StreamMessage | null {
  const { id } = message;
  if (!isId(id)) return null;
  switch (message.type) {
    case 'data':
      return isWireChunk(message.chunk) ? { type: 'data', id, chunk: message.chunk } : null;
    case 'end':
    case 'pause':
    case 'resume':
      return { type: message.type, id };
    case 'destroy': {
      const error = message.error ?? null;
      return error === null || isWireError(error) ? { type: 'destroy', id, error } : null;
    }
    default:
      return null;
  }
}

/** What the daemon accepts from a client; null for anything else. */
export function parseClientMessage(value: unknown): ClientMessage | null {
  if (!isRecord(value)) return null;
  switch (value.type) {
    case 'hello':
      return typeof value.version === 'number' && isStringArray(value.methods) ? { type: 'hello', version: value.version, methods: value.methods } : null;
    case 'call':
    case 'open':
      if (!isId(value.id) || typeof value.method !== 'string' || !Array.isArray(value.args)) return null;
      return { type: value.type, id: value.id, method: value.method, args: value.args as unknown[] };
    default:
      return parseStreamMessage(value);
  }
}

/** What a client accepts from the daemon; null for anything else. */
export function parseDaemonMessage(value: unknown): DaemonMessage | null {
  if (!isRecord(value)) return null;
  switch (value.type) {
    case 'welcome': {
      const { version, pid, missing } = value;
      if (typeof version !== 'number' || !isId(pid) || !isStringArray(missing)) return null;
      return { type: 'welcome', version, pid, missing };
    }
    case 'refused':
      return isWireError(value.error) ? { type: 'refused', error: value.error } : null;
    case 'result':
      // a method that answers `undefined` has no "value" key once it is JSON
      return isId(value.id) ? { type: 'result', id: value.id, value: value.value } : null;
    case 'failure':
      return isId(value.id) && isWireError(value.error) ? { type: 'failure', id: value.id, error: value.error } : null;
    case 'opened':
      if (!isId(value.id) || typeof value.readable !== 'boolean' || typeof value.writable !== 'boolean') return null;
      return { type: 'opened', id: value.id, readable: value.readable, writable: value.writable };
    default:
      return parseStreamMessage(value);
  }
}
