// The blocking route, deployed under naught-core. Plain CommonJS JavaScript:
// naught-core starts each worker with plain `node`, without a TypeScript loader.
//
//   GET /block  keeps this worker's event loop busy for BLOCK_MS, then answers
//   GET /fast   answers at once
//
// With two workers, a /block stalls only the worker that runs it; the other
// one keeps answering.
'use strict';
const http = require('node:http');
const naught = require('naught-core');

const BLOCK_MS = 1000;

function busyFor(ms) {
  const end = Date.now() + ms;
  let spins = 0;
  while (Date.now() < end) spins++;
  return spins;
}

const server = http.createServer((req, res) => {
  const worker = naught.workerIndex();
  res.setHeader('content-type', 'text/plain');
  if (req.url === '/block') {
    busyFor(BLOCK_MS);
    res.end(`block: worker ${worker} kept its event loop busy for ${BLOCK_MS} ms\n`);
  } else if (req.url === '/fast') {
    res.end(`fast: worker ${worker} answered\n`);
  } else {
    res.statusCode = 404;
    res.end('not found\n');
  }
});

naught.handleShutdown(server); // on 'shutdown': finish the requests in flight, then exit
naught.guardCrashes(server); // on an uncaught exception: 'offline', finish, exit 1
server.listen(Number(process.env.PORT), '127.0.0.1', () => {
  console.log(`worker ${naught.workerIndex()} listening on 127.0.0.1:${process.env.PORT}`);
  naught.online();
});
