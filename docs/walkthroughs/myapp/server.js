'use strict';
const http = require('node:http');
const express = require('express');
const naught = require('naught-core');

const app = express();
app.get('/', (req, res) => {
  res.set('X-Worker', String(naught.workerIndex())); // NAUGHT_WORKER: 0, 1, ...
  res.send('hello\n');
});

const server = http.createServer(app);
naught.handleShutdown(server); // 'shutdown' from naught: drain, then exit 0
naught.guardCrashes(server); // uncaught exception: 'offline', drain, exit 1

const port = Number(process.env.PORT ?? 8080);
server.listen(port, '127.0.0.1', () => {
  console.log(`worker ${naught.workerIndex()} listening on port ${port}`);
  naught.online(); // ready for traffic
});
