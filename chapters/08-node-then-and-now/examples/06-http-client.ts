/**
 * An HTTP client, 2009 (http.createClient, client.request, request.finish,
 * response 'body' and 'complete') and today (fetch). Both ask the same
 * local server for the same three things.
 */
import { once } from 'node:events';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';
import { section } from '../lib/sections';
import * as http2009 from '../then/http';
import * as sys from '../then/sys';

/** Today's server that both clients talk to. */
const server = http.createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/echo') {
    text(req).then(
      (body) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end(`echo: ${body}`),
      () => res.destroy(),
    );
    return;
  }
  if (req.url !== '/') {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
    return;
  }
  res.writeHead(200, { 'Content-Type': 'text/plain' }).end('Hello World\n');
});

// ---- 2009 ------------------------------------------------------------------
function then2009(port: number, done: () => void): void {
  const local = http2009.createClient(port, '127.0.0.1');
  const request = local.request('GET', '/', { host: '127.0.0.1' });
  request.finish(function (response) {
    sys.puts('STATUS: ' + response.statusCode);
    sys.puts('CONTENT-TYPE: ' + response.headers['content-type']);
    let body = '';
    response.addListener('body', function (chunk: string) {
      body += chunk; // add the listener in the response callback, or you miss the start of the body
    });
    response.addListener('complete', function () {
      sys.puts('BODY: ' + JSON.stringify(body));

      const payload = 'ping';
      const post = local.request('POST', '/echo', { 'Content-Length': payload.length });
      post.sendBody(payload);
      post.finish(function (response) {
        let echoed = '';
        response.addListener('body', function (chunk: string) {
          echoed += chunk;
        });
        response.addListener('complete', function () {
          sys.puts('POST /echo -> ' + response.statusCode + ' ' + echoed);

          local.request('/missing').finish(function (response) {
            sys.puts('GET /missing -> ' + response.statusCode);
            response.addListener('complete', done);
          });
        });
      });
    });
  });
}

// ---- today -----------------------------------------------------------------
async function now(port: number): Promise<void> {
  const base = `http://127.0.0.1:${port}`;
  const response = await fetch(`${base}/`);
  console.log(`STATUS: ${response.status}`);
  console.log(`CONTENT-TYPE: ${response.headers.get('content-type')}`);
  console.log(`BODY: ${JSON.stringify(await response.text())}`);

  const echo = await fetch(`${base}/echo`, { method: 'POST', body: 'ping' }); // fetch sets Content-Length
  console.log(`POST /echo -> ${echo.status} ${await echo.text()}`);

  const missing = await fetch(`${base}/missing`);
  console.log(`GET /missing -> ${missing.status}`); // a 404 is not an error for fetch: check response.ok
  await missing.arrayBuffer(); // read (or cancel) every body, or its connection stays busy
}

void (async () => {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  section('then', 'http.createClient, client.request, request.finish (then/http.ts)');
  await new Promise<void>((resolve) => then2009(port, resolve));
  section('now', 'fetch');
  await now(port);
  server.close();
})();
