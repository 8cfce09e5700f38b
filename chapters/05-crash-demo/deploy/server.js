// The crash demo's app, deployed under naught-core. Plain CommonJS JavaScript:
// naught-core starts each worker with plain `node`, without a TypeScript loader
// (the chapter's TypeScript app is compiled to dist/ for the same reason).
//
//   GET /      answers after 50 ms of simulated work
//   GET /read  streams a file that does not exist. In release 1 nobody listens
//              for the stream's 'error': an uncaught exception, caught only by
//              naught-core's guard. Release 2 sets HANDLE_READ_ERRORS and the
//              error goes to Express's error middleware instead: a 500.
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const express = require('express');
const naught = require('naught-core');

const HANDLE_READ_ERRORS = false;
const MISSING_FILE = path.join(__dirname, 'my-self-esteem.txt');

const app = express();

app.get('/', (req, res) => {
  setTimeout(() => res.type('text/plain').send('Again I go unnoticed\n'), 50);
});

app.get('/read', (req, res, next) => {
  const stream = fs.createReadStream(MISSING_FILE);
  if (HANDLE_READ_ERRORS) stream.once('error', next);
  stream.pipe(res);
});

app.use((error, req, res, next) => {
  console.error(`handled: ${error.message}`);
  if (res.headersSent) return next(error);
  res.status(500).type('text/plain').send('Something went wrong, and only this request noticed.\n');
});

const server = http.createServer(app);
naught.handleShutdown(server); // 'shutdown' (a deploy, a stop): finish the requests in flight, then exit
// An uncaught exception: log it, send 'offline', serve until the replacement is
// online ('replaced'), finish the other requests, exit 1. The request that
// crashed never gets an answer: its connection is closed after 2 s.
naught.guardCrashes(server, { timeoutMs: 2000 });
server.listen(Number(process.env.PORT), '127.0.0.1', () => {
  console.log(`worker ${naught.workerIndex()} (pid ${process.pid}) listening on 127.0.0.1:${process.env.PORT}`);
  naught.online();
});
