'use strict';
// Serves the page, its bundle, and an API that runs the same math module.
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const naught = require('naught-core');
const math = require('./math');

// Read once, at startup: a worker serves the page, the bundle and the API of
// one release. A rebuild changes nothing until `naught deploy` starts new workers.
const files = {
  '/': { type: 'text/html; charset=utf-8', body: fs.readFileSync(path.join(__dirname, 'index.html')) },
  '/bundle.js': { type: 'text/javascript; charset=utf-8', body: fs.readFileSync(path.join(__dirname, 'dist', 'bundle.js')) },
};

function sendJson(res, status, value) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(`${JSON.stringify(value)}\n`);
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  const api = /^\/api\/math\/(\w+)$/.exec(url.pathname);
  if (api !== null) {
    const op = api[1];
    if (!Object.hasOwn(math, op)) return sendJson(res, 404, { error: `unknown operation: ${op}` });
    const a = Number(url.searchParams.get('a'));
    const b = Number(url.searchParams.get('b'));
    return sendJson(res, 200, { op, a, b, result: math[op](a, b) });
  }
  const file = files[url.pathname];
  if (file === undefined) return sendJson(res, 404, { error: 'not found' });
  res.writeHead(200, { 'content-type': file.type });
  res.end(file.body);
});

naught.handleShutdown(server);
naught.guardCrashes(server);

const port = Number(process.env.PORT ?? 8080);
server.listen(port, '127.0.0.1', () => {
  console.log(`worker ${naught.workerIndex()} listening on http://127.0.0.1:${server.address().port}/`);
  naught.online();
});
