// Exercise 09: make this server naught-ready, so that `naught deploy` under
// keep-alive load loses no request. Read README.md first; `make exercise 9`
// checks your work.
//
// naught starts it with plain `node` (no TypeScript), hence a CommonJS .js file.
// Off limits: naught-core's handleShutdown, drainServer and trackConnections
// (they are the answer). online() and onShutdown() are fine, and so are
// process.send('online') and process.on('message').
'use strict';
const http = require('node:http');
const naught = require('naught-core');

const PORT = Number(process.env.PORT ?? 8080);

// Already done: the application. It answers every request at once.
function answer(req, res) {
  res.setHeader('content-type', 'text/plain');
  res.end(`ok from worker ${naught.workerIndex()} (pid ${process.pid})\n`);
}

const server = http.createServer(answer);

// TODO 1: keep track of every open connection, and of whether a request is in progress on it.
//         (server.on('connection', socket => ...), and a 'request' listener that runs before answer().)

// TODO 2: when naught says 'shutdown': stop accepting new connections, let the requests in
//         progress finish, make sure a keep-alive client learns from its last answer that the
//         connection ends (`Connection: close`), close idle connections only once they have
//         stayed idle for a moment, and exit once every connection is closed (give up after a few seconds).
//         Careful: server.close() on Node 19+ also destroys idle keep-alive connections at once.

server.listen(PORT, '127.0.0.1', () => {
  console.log(`worker ${naught.workerIndex()} listening on 127.0.0.1:${PORT}`);
  // TODO 3: tell naught this worker is ready for traffic.
});
