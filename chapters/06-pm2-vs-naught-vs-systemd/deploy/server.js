// One Express app, deployed four ways in this chapter: under pm2 (cluster
// mode), under naught-core, under systemd (which runs naught-core in the
// foreground), and alone in a container. Plain CommonJS JavaScript: pm2 and
// naught-core start it with plain `node`, which has no TypeScript loader.
//
//   GET /         says which release and which process answered
//   GET /read     reads a file that does not exist, in a callback: the
//                 exception is uncaught and takes the process down
//   GET /healthz  answers while the process accepts connections (a probe for
//                 docker and Kubernetes)
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const express = require('express');
const naught = require('naught-core');

const RELEASE = 'v1';
// How long a shutdown waits for slow clients before it gives up on them.
// pm2's kill_timeout, systemd's TimeoutStopSec and Kubernetes'
// terminationGracePeriodSeconds are all set above it.
const DRAIN_TIMEOUT_MS = 8000;

const underPm2 = process.env.pm_id !== undefined;
const underNaught = naught.workerIndex() !== null;

function who() {
  if (underPm2) return `pm2 instance ${process.env.pm_id}`;
  if (underNaught) return `naught worker ${naught.workerIndex()}`;
  return 'a lone process';
}

const app = express();
app.get('/', (req, res) => {
  res.type('text/plain').send(`hello from release ${RELEASE}, ${who()}, pid ${process.pid}\n`);
});
app.get('/read', (req, res) => {
  // Express 5 catches what a route throws, but not what a callback throws later.
  fs.readFile('does-not-exist.txt', 'utf8', (error, text) => {
    if (error) throw error;
    res.type('text/plain').send(text);
  });
});
app.get('/healthz', (req, res) => {
  res.type('text/plain').send('ok\n');
});

const server = http.createServer(app);

// Shutdown. naught says 'shutdown' over IPC; systemd, docker and Kubernetes
// send SIGTERM; pm2 sends SIGINT (then SIGKILL after kill_timeout). Each one
// starts the same drain: stop accepting, finish the requests in flight,
// answer with Connection: close, close idle connections, exit 0.
naught.handleShutdown(server, { timeoutMs: DRAIN_TIMEOUT_MS }); // 'shutdown', and SIGTERM without naught
process.once('SIGINT', () => {
  naught.drainServer(server, { timeoutMs: DRAIN_TIMEOUT_MS }).then(() => process.exit(0));
});

// Crashes. An uncaught exception: log it, tell naught ('offline': it starts
// a replacement at once), finish the other requests, exit 1. Only naught
// answers 'offline' with a replacement; elsewhere the replacement comes after
// the exit, so there is nothing to wait for.
naught.guardCrashes(server, { timeoutMs: DRAIN_TIMEOUT_MS, handoverTimeoutMs: underNaught ? 5000 : 0 });

// 127.0.0.1 behind a reverse proxy; the container image sets HOST=0.0.0.0.
const host = process.env.HOST || '127.0.0.1';
server.listen(Number(process.env.PORT), host, () => {
  console.log(`${who()} listening on ${host}:${process.env.PORT} (release ${RELEASE})`);
  naught.online(); // naught: ready for traffic (does nothing without naught)
  if (underPm2 && process.send) process.send('ready'); // pm2 with wait_ready: true waits for it
});
