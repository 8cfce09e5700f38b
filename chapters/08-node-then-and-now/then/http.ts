/**
 * The `http` module of Node 0.1 (2009), as wrappers around today's http.
 *
 * Server: the request listener gets a ServerRequest ('body' and 'complete'
 * events, setBodyEncoding) and a ServerResponse (sendHeader, sendBody,
 * finish). Today: 'data'/'end' (or `for await`), writeHead, write, end.
 *
 * Client: http.createClient(port, host) and client.request(method, path,
 * headers), then request.finish(responseListener). Today: http.request, or
 * fetch() (global since Node 18).
 *
 * The body arrives as strings: Node 0.1 had no Buffer. The default body
 * encoding was "binary" (one character per byte; today's name is 'latin1'),
 * and sendBody's default encoding was "ascii".
 */
import { EventEmitter } from 'node:events';
import * as http from 'node:http';
import type { Socket } from 'node:net';

/** 2009's encoding names. "binary" is still accepted today as an alias of 'latin1'. */
export type Encoding2009 = 'utf8' | 'ascii' | 'binary';

export type Headers2009 = Record<string, string | number>;

/** http.ServerRequest: emits 'body' (a string chunk) and then 'complete'. */
export class ServerRequest extends EventEmitter {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly httpVersion: string;

  constructor(readonly raw: http.IncomingMessage) {
    super();
    this.method = raw.method ?? 'GET';
    this.url = raw.url ?? '/';
    this.headers = raw.headers;
    this.httpVersion = raw.httpVersion;
    raw.setEncoding('latin1');
    // Listening right away starts the flow: a 'body' listener added in a later tick misses chunks, as in 2009.
    raw.on('data', (chunk: string) => this.emit('body', chunk));
    raw.on('end', () => this.emit('complete'));
  }

  get connection(): Socket {
    return this.raw.socket;
  }

  setBodyEncoding(encoding: Encoding2009): void {
    this.raw.setEncoding(encoding === 'binary' ? 'latin1' : encoding);
  }

  pause(): void {
    this.raw.pause();
  }

  resume(): void {
    this.raw.resume();
  }
}

/** http.ServerResponse: sendHeader once, sendBody any number of times, finish exactly once. */
export class ServerResponse {
  #headerSent = false;

  constructor(readonly raw: http.ServerResponse) {}

  sendHeader(statusCode: number, headers: Headers2009 = {}): void {
    if (this.#headerSent) throw new Error('sendHeader() must only be called once on a message');
    this.#headerSent = true;
    this.raw.writeHead(statusCode, headers); // like 2009, the header is buffered until the first body chunk
  }

  sendBody(chunk: string, encoding: Encoding2009 = 'ascii'): void {
    if (!this.#headerSent) throw new Error('sendBody() must be called after sendHeader()');
    this.raw.write(chunk, encoding === 'binary' ? 'latin1' : encoding);
  }

  finish(): void {
    if (!this.#headerSent) this.sendHeader(200);
    this.raw.end();
  }
}

export type RequestListener2009 = (request: ServerRequest, response: ServerResponse) => void;

/** Turns a 2009 request listener into a listener for today's http.Server. */
export function adapt(listener: RequestListener2009): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  return (req, res) => listener(new ServerRequest(req), new ServerResponse(res));
}

/** http.createServer(request_listener): today's http.Server, with the listener seeing the 2009 objects. */
export function createServer(listener: RequestListener2009): http.Server {
  return http.createServer(adapt(listener));
}

/** http.ClientResponse: statusCode, headers, then 'body' chunks and 'complete'. */
export class ClientResponse extends EventEmitter {
  readonly statusCode: number;
  readonly httpVersion: string;
  readonly headers: http.IncomingHttpHeaders;

  constructor(
    readonly raw: http.IncomingMessage,
    readonly client: Client,
  ) {
    super();
    this.statusCode = raw.statusCode ?? 0;
    this.httpVersion = raw.httpVersion;
    this.headers = raw.headers;
    raw.setEncoding('latin1');
    raw.on('data', (chunk: string) => this.emit('body', chunk));
    raw.on('end', () => this.emit('complete'));
  }

  setBodyEncoding(encoding: Encoding2009): void {
    this.raw.setEncoding(encoding === 'binary' ? 'latin1' : encoding);
  }

  pause(): void {
    this.raw.pause();
  }

  resume(): void {
    this.raw.resume();
  }
}

/** http.ClientRequest: sendBody(chunk) any number of times, then finish(responseListener). */
export class ClientRequest extends EventEmitter {
  readonly #raw: http.ClientRequest;

  constructor(client: Client, method: string, path: string, headers: Headers2009) {
    super();
    this.#raw = http.request({ host: client.host, port: client.port, method, path, headers });
    this.#raw.on('response', (response) => this.emit('response', new ClientResponse(response, client)));
    this.#raw.on('error', (error) => this.emit('error', error)); // no 'error' listener: it throws, as any unhandled 'error'
  }

  sendBody(chunk: string, encoding: Encoding2009 = 'ascii'): void {
    this.#raw.write(chunk, encoding === 'binary' ? 'latin1' : encoding);
  }

  finish(responseListener?: (response: ClientResponse) => void): void {
    if (responseListener !== undefined) this.once('response', responseListener);
    this.#raw.end();
  }
}

/** http.Client: a server address; no connection until a request is issued. */
export class Client {
  constructor(
    readonly port: number,
    readonly host: string,
  ) {}

  request(path: string, headers?: Headers2009): ClientRequest;
  request(method: string, path: string, headers?: Headers2009): ClientRequest;
  request(first: string, second?: string | Headers2009, third?: Headers2009): ClientRequest {
    if (typeof second === 'string') return new ClientRequest(this, first, second, third ?? {});
    return new ClientRequest(this, 'GET', first, second ?? {});
  }
}

export function createClient(port: number, host = 'localhost'): Client {
  return new Client(port, host);
}
