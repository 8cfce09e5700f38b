// The server half of the chapter's 2009 http shim (then/http.ts), in plain
// CommonJS JavaScript: naught-core starts workers with plain `node`, which
// has no TypeScript loader. adapt() turns a 2009 request listener, written
// with sendHeader / sendBody / finish and the 'body' / 'complete' events,
// into a listener for today's http.Server.
'use strict';
const { EventEmitter } = require('node:events');

const nodeEncoding = (encoding) => (encoding === 'binary' ? 'latin1' : encoding);

class ServerRequest extends EventEmitter {
  constructor(raw) {
    super();
    this.raw = raw;
    this.method = raw.method;
    this.url = raw.url;
    this.headers = raw.headers;
    this.httpVersion = raw.httpVersion;
    raw.setEncoding('latin1'); // 2009's default body encoding, "binary"
    raw.on('data', (chunk) => this.emit('body', chunk));
    raw.on('end', () => this.emit('complete'));
  }

  get connection() {
    return this.raw.socket;
  }

  setBodyEncoding(encoding) {
    this.raw.setEncoding(nodeEncoding(encoding));
  }

  pause() {
    this.raw.pause();
  }

  resume() {
    this.raw.resume();
  }
}

class ServerResponse {
  #headerSent = false;

  constructor(raw) {
    this.raw = raw;
  }

  sendHeader(statusCode, headers = {}) {
    if (this.#headerSent) throw new Error('sendHeader() must only be called once on a message');
    this.#headerSent = true;
    this.raw.writeHead(statusCode, headers);
  }

  sendBody(chunk, encoding = 'ascii') {
    if (!this.#headerSent) throw new Error('sendBody() must be called after sendHeader()');
    this.raw.write(chunk, nodeEncoding(encoding));
  }

  finish() {
    if (!this.#headerSent) this.sendHeader(200);
    this.raw.end();
  }
}

function adapt(listener) {
  return (req, res) => listener(new ServerRequest(req), new ServerResponse(res));
}

module.exports = { adapt, ServerRequest, ServerResponse };
