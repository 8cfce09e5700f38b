// Chapter 8's deploy: the same greeting served the 2009 way and today's way,
// by one server under naught-core. Plain CommonJS JavaScript: naught-core
// starts each worker with plain `node`, without a TypeScript loader.
//
//   GET /then  a 2009 request listener (sendHeader, sendBody, finish), through ./http2009.js
//   GET /now   today's listener (writeHead, end)
'use strict';
const http = require('node:http');
const naught = require('naught-core');
const http2009 = require('./http2009');

const GREETING = 'Hello World';

// 2009: the listener of the Node 0.1 documentation's first example
const then = http2009.adapt(function (request, response) {
  response.sendHeader(200, { 'Content-Type': 'text/plain' });
  response.sendBody(GREETING + ' (2009: sendHeader, sendBody, finish)\n');
  response.finish();
});

// today: the whole body at once, with its length in bytes (Buffer.byteLength; 2009's docs used
// body.length, which counts characters and is wrong as soon as one of them is not ASCII)
function now(req, res) {
  const body = `${GREETING} (today: writeHead, end)\n`;
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/then') then(req, res);
  else if (req.method === 'GET' && req.url === '/now') now(req, res);
  else res.writeHead(404, { 'Content-Type': 'text/plain' }).end('try GET /then or GET /now\n');
});

naught.handleShutdown(server); // on 'shutdown': finish the requests in flight, then exit
naught.guardCrashes(server); // on an uncaught exception: 'offline', finish, exit 1
server.listen(Number(process.env.PORT), '127.0.0.1', () => {
  console.log(`Server running at http://127.0.0.1:${process.env.PORT}/ (worker ${naught.workerIndex()})`);
  naught.online();
});
