'use strict';
// GET /count increments this worker's Counter and answers with the new count.
// Each worker is its own process with its own Counter: two workers, two counts.
const http = require('node:http');
const naught = require('naught-core');
const { Counter } = require('./counter');

const STEP = 1;
const MAX = 1000;

const worker = naught.workerIndex() ?? 0;
const counter = new Counter(0, { step: STEP, max: MAX });

// Listeners are added once, when the worker starts; never inside a request handler.
counter.on('incremented', (count) => console.log(`worker ${worker}: count is now ${count}`));
counter.on('error', (error) => console.error(`worker ${worker}: ${error.message}`)); // without it, passing MAX would crash the worker

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/count') {
    const count = counter.increment(); // past MAX it emits 'error' and returns the count unchanged
    res.end(`worker ${worker}: count ${count} (step ${counter.step})\n`);
    return;
  }
  res.statusCode = 404;
  res.end('try GET /count\n');
});

naught.handleShutdown(server); // 'shutdown' from naught: finish the requests in flight, then exit
naught.guardCrashes(server); // an uncaught exception: 'offline', drain, exit 1

server.listen(Number(process.env.PORT), '127.0.0.1', () => naught.online());
