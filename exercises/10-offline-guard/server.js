// Exercise 10: write the offline guard, so that a crash in one worker costs
// only the request that caused it. Read README.md first; `make exercise 10`
// checks your work.
//
// Off limits: naught-core's guardCrashes (it is the answer). Everything else
// of naught-core is allowed, drainServer included.
'use strict';
const http = require('node:http');
const express = require('express');
const naught = require('naught-core');

const PORT = Number(process.env.PORT ?? 8080);

const app = express();

// GET /?work=MS answers after MS milliseconds (at most 5 s), standing in for a database query.
app.get('/', (req, res) => {
  const work = Math.min(Number(req.query.work) || 0, 5_000);
  setTimeout(() => res.type('text/plain').send(`ok from worker ${naught.workerIndex()}\n`), work);
});

// A bug that Express cannot catch: the exception is thrown later, from a timer, outside any route handler.
app.get('/crash', () => {
  setTimeout(() => {
    throw new Error('crash on purpose: GET /crash');
  }, 10);
});

// Another one: a promise that nobody awaits rejects (since Node 15 that ends the process too).
app.get('/reject', () => {
  setTimeout(() => {
    Promise.reject(new Error('rejection on purpose: GET /reject'));
  }, 10);
});

/**
 * The offline guard: after an uncaught exception or an unhandled rejection,
 * leave without taking the other requests down.
 */
function installOfflineGuard(server) {
  // TODO 1: listen for 'uncaughtException' and 'unhandledRejection' on process, and print the error to stderr.
  // TODO 2: tell naught this worker is going down on its own: naught.offline(). naught starts a replacement at once.
  // TODO 3: (better) keep serving until naught says 'replaced', a few seconds at most, and not at all without naught.
  // TODO 4: stop accepting connections and let the requests in progress finish: naught.drainServer(server, { timeoutMs }).
  // TODO 5: then exit with code 1. A second error while all this goes on is only printed.
  void server; // delete this line once your code uses server
}

const server = http.createServer(app);
naught.handleShutdown(server); // deploys and stops: already done (exercise 09 is about that part)
installOfflineGuard(server);
server.listen(PORT, '127.0.0.1', () => naught.online());
