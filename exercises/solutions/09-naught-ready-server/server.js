// Exercise 09, a reference solution: a server that naught can deploy under
// keep-alive load without losing a request, written with naught's two
// messages and Node's http module only.
//
// The whole difficulty is the keep-alive connection that looks idle: the
// server has answered everything on it, but its client may be sending the
// next request right now. Closing it loses that request. So the drain never
// closes a connection that might be in use: it tells each client, in its next
// answer, that the connection ends there (`Connection: close`), and closes
// only connections that have stayed silent for a while.
'use strict';
const http = require('node:http');
const net = require('node:net');
const naught = require('naught-core');

const PORT = Number(process.env.PORT ?? 8080);
/** An idle connection is closed once it has stayed idle this long after the drain started. */
const IDLE_GRACE_MS = 500;
/** After this, whatever is still open is closed anyway. */
const DRAIN_TIMEOUT_MS = 10_000;

function answer(req, res) {
  res.setHeader('content-type', 'text/plain');
  res.end(`ok from worker ${naught.workerIndex()} (pid ${process.pid})\n`);
}

const server = http.createServer(answer);

/** Every open connection, with the responses not yet finished on it (none: the connection is idle). */
const connections = new Map();
let draining = false;

server.on('connection', (socket) => {
  connections.set(socket, new Set());
  socket.once('close', () => connections.delete(socket));
});

// Prepended, so that it runs before answer(), which sends its whole response at once.
server.prependListener('request', (req, res) => {
  const socket = req.socket;
  const responses = connections.get(socket);
  if (responses === undefined) return; // already closed
  responses.add(res);
  // While draining, every answer tells its client to open a new connection (to another worker) next time.
  // Node closes the socket after sending a response with this header.
  if (draining) res.setHeader('Connection', 'close');
  // 'close' comes after the response is sent, and also when the client went away first.
  res.once('close', () => {
    responses.delete(res);
    if (draining && responses.size === 0) closeWhenIdle(socket, responses);
  });
});

/** Closes the connection after IDLE_GRACE_MS, unless a request started or began to arrive on it meanwhile. */
function closeWhenIdle(socket, responses) {
  const bytesReadBefore = socket.bytesRead;
  setTimeout(() => {
    if (socket.destroyed || responses.size > 0) return; // closed already, or busy: its answer carries Connection: close
    // Bytes came in without a whole request yet: one is arriving. Wait for it; it will be answered.
    if (socket.bytesRead !== bytesReadBefore) closeWhenIdle(socket, responses);
    else socket.destroy();
  }, IDLE_GRACE_MS);
}

function shutDown() {
  if (draining) return;
  draining = true;
  // Stop accepting connections (the other workers take them), and exit once the last one has closed.
  // Only net.Server's close: http.Server's close() (Node 19+) would first destroy every idle keep-alive
  // connection at once, losing the requests their clients are sending right now.
  // This must happen now, synchronously: naught disconnects the worker right after 'shutdown', and
  // cluster's disconnect calls server.close() on every server still listening.
  net.Server.prototype.close.call(server, () => process.exit(0));
  for (const [socket, responses] of connections) {
    if (responses.size === 0) closeWhenIdle(socket, responses);
    for (const res of responses) if (!res.headersSent) res.setHeader('Connection', 'close');
  }
  // A client that never lets go must not keep this worker (and the deploy) waiting forever.
  setTimeout(() => {
    for (const socket of connections.keys()) socket.destroy();
    process.exit(0);
  }, DRAIN_TIMEOUT_MS).unref();
}

naught.onShutdown(shutDown);

server.listen(PORT, '127.0.0.1', () => {
  console.log(`worker ${naught.workerIndex()} listening on 127.0.0.1:${PORT}`);
  naught.online();
});
