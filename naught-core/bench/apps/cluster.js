// The app under a bare `cluster`: a primary forks BENCH_WORKERS workers (2),
// forks a new one whenever one dies, and ends them all on SIGTERM. No
// deploys, no logs: the smallest manager there is, the baseline.
'use strict';
const cluster = require('node:cluster');

if (cluster.isPrimary) {
  const count = Number(process.env.BENCH_WORKERS || 2);
  let stopping = false;
  for (let i = 0; i < count; i += 1) cluster.fork();
  cluster.on('exit', () => {
    if (!stopping) cluster.fork();
    else if (Object.keys(cluster.workers).length === 0) process.exit(0);
  });
  process.on('SIGTERM', () => {
    stopping = true;
    const workers = Object.values(cluster.workers);
    if (workers.length === 0) process.exit(0);
    for (const worker of workers) worker.process.kill('SIGTERM');
  });
} else {
  const { createApp, port } = require('./app');
  const events = require('./events');
  const server = createApp().listen(port(), '127.0.0.1', () => events.online());
  process.on('SIGTERM', () => server.close(() => process.exit(0)).closeAllConnections());
}
