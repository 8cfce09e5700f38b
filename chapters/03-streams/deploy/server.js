'use strict';
// GET /count streams the numbers 1 to LAST, one per line, gzipped when the
// client accepts gzip. The response is never built in memory: a Readable
// produces it as fast as the client reads it (backpressure through pipeline),
// and a client that goes away stops the counting.
//
// Plain JavaScript, because naught-core starts its workers with plain `node`,
// which has no TypeScript loader.
const http = require('node:http');
const { Readable } = require('node:stream');
const { pipeline } = require('node:stream/promises');
const zlib = require('node:zlib');
const naught = require('naught-core');

const LAST = 10;

/** Counts from 1 to `last`, one line per number, pushing about `size` bytes per _read. */
class CountStream extends Readable {
  constructor(last) {
    super();
    this.last = last;
    this.current = 0;
  }

  _read(size) {
    // One push per _read, of about `size` bytes (the stream's hint, its highWaterMark),
    // rather than one push per line: far fewer calls for a long count.
    let text = '';
    while (this.current < this.last && text.length < size) {
      this.current += 1;
      text += `${this.current}\n`;
    }
    this.push(text === '' ? null : text);
  }
}

function acceptsGzip(req) {
  return /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
}

const server = http.createServer((req, res) => {
  const { pathname } = new URL(req.url, 'http://localhost');
  if (req.method !== 'GET' || pathname !== '/count') {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('try GET /count\n');
    return;
  }
  const counter = new CountStream(LAST);
  const gzip = acceptsGzip(req);
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Vary', 'Accept-Encoding');
  if (gzip) res.setHeader('Content-Encoding', 'gzip');
  const streams = gzip ? [counter, zlib.createGzip(), res] : [counter, res];
  pipeline(...streams).catch((error) => {
    // The usual cause: the client went away (ERR_STREAM_PREMATURE_CLOSE). pipeline has
    // already destroyed the counter (and the gzip stream), so the counting stops here.
    console.log(`GET /count stopped after ${counter.current} of ${LAST} lines: ${error.code ?? error.message}`);
  });
});

naught.handleShutdown(server);
naught.guardCrashes(server);

const port = Number(process.env.PORT ?? 8080);
server.listen(port, '127.0.0.1', () => {
  console.log(`worker ${naught.workerIndex()} listening on port ${port}, counting to ${LAST}`);
  naught.online();
});
