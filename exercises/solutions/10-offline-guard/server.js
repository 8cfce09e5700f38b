// Exercise 10, a reference solution: the offline guard.
//
// An uncaught exception leaves the process in a state nobody planned for, so
// it must go. But the process also holds other clients' requests, which did
// nothing wrong. The guard turns the crash into a graceful exit: say
// 'offline' (naught starts a replacement at once), keep serving until the
// replacement is online, finish the requests in progress, then exit 1.
'use strict';
const http = require('node:http');
const express = require('express');
const naught = require('naught-core');

const PORT = Number(process.env.PORT ?? 8080);
/** How long the crashed worker keeps serving while it waits for naught's 'replaced'. */
const HANDOVER_TIMEOUT_MS = 5_000;
/** The request that crashed never gets an answer: its connection is closed after this at the latest. */
const DRAIN_TIMEOUT_MS = 5_000;

const app = express();

app.get('/', (req, res) => {
  const work = Math.min(Number(req.query.work) || 0, 5_000);
  setTimeout(() => res.type('text/plain').send(`ok from worker ${naught.workerIndex()}\n`), work);
});

app.get('/crash', () => {
  setTimeout(() => {
    throw new Error('crash on purpose: GET /crash');
  }, 10);
});

app.get('/reject', () => {
  setTimeout(() => {
    Promise.reject(new Error('rejection on purpose: GET /reject'));
  }, 10);
});

/**
 * Resolves when naught says the replacement is online ('replaced'), or that
 * this worker must go anyway ('shutdown'), when the channel to naught closes,
 * after HANDOVER_TIMEOUT_MS, or at once without naught (no channel: nobody
 * will replace this process, and nobody will say so).
 */
function waitForReplacement() {
  if (!process.connected) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      process.off('message', onMessage);
      process.off('disconnect', done);
      resolve();
    };
    const onMessage = (message) => {
      if (message === 'replaced' || message === 'shutdown') done();
    };
    const timer = setTimeout(done, HANDOVER_TIMEOUT_MS);
    process.on('message', onMessage);
    process.once('disconnect', done);
  });
}

function installOfflineGuard(server) {
  let crashed = false;
  const onCrash = (error) => {
    // stderr goes to naught's stderr.log: the error is what you will want to fix next.
    console.error(error);
    // A second error while draining is only printed: one exit is under way already.
    if (crashed) return;
    crashed = true;
    process.exitCode = 1;
    naught.offline();
    // Until the replacement is online, keep the listener: with a single worker, closing it now would
    // close the port, and connections would be refused until the replacement listens.
    waitForReplacement()
      .then(() => naught.drainServer(server, { timeoutMs: DRAIN_TIMEOUT_MS }))
      .then(() => process.exit(1));
  };
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
}

const server = http.createServer(app);
naught.handleShutdown(server);
installOfflineGuard(server);
server.listen(PORT, '127.0.0.1', () => naught.online());
