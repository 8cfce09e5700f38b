'use strict';
// GET /count adds STEP to a count that every worker shares. The count lives in
// an auto-daemon: the first worker that needs it spawns it, the others connect
// to it, and it ends by itself (autoclose) once the last worker has gone.
const http = require('node:http');
const path = require('node:path');
const naught = require('naught-core');

const STEP = 1;
const worker = naught.workerIndex() ?? 0;

const counterOptions = {
  rpcfile: path.join(__dirname, 'counter-iface.js'),
  sockfile: path.join(__dirname, 'counter.sock'),
  pidfile: path.join(__dirname, 'counter.pid'),
  methods: ['add', 'stats'],
  autoclose: true, // the daemon closes 1 s after its last client disconnected
};

// One connection per worker, made on first need; if the daemon ever goes away,
// the next request connects again (and spawns a new daemon if none runs).
let connection = null;
function counter() {
  connection ??= naught.autod(counterOptions).then(
    (client) => {
      client.on('close', () => (connection = null));
      return client;
    },
    (error) => {
      connection = null;
      throw error;
    },
  );
  return connection;
}

const server = http.createServer(async (req, res) => {
  try {
    if (req.method === 'GET' && req.url === '/count') {
      const count = await (await counter()).rpc.add(STEP);
      res.end(`count ${count} (step ${STEP}, worker ${worker})\n`);
    } else if (req.method === 'GET' && req.url === '/daemon') {
      const { pid, clients } = await (await counter()).rpc.stats();
      res.end(`daemon ${pid} serves ${clients} clients\n`);
    } else {
      res.statusCode = 404;
      res.end('try GET /count or GET /daemon\n');
    }
  } catch (error) {
    res.statusCode = 503;
    res.end(`the counter is unavailable: ${error.message}\n`);
  }
});

naught.handleShutdown(server); // 'shutdown' from naught: finish the requests in flight, then exit
naught.guardCrashes(server); // an uncaught exception: 'offline', drain, exit 1

// Connect before going online: during a deploy the new workers hold their
// references before the old ones drop theirs, so the count never reaches 0.
counter().then(
  () => server.listen(Number(process.env.PORT), '127.0.0.1', () => naught.online()),
  (error) => {
    console.error(`worker ${worker}: no counter daemon: ${error.message}`);
    process.exit(1);
  },
);
