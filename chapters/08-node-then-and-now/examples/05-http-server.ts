/**
 * An HTTP server, 2009 (sendHeader, sendBody, finish; 'body' and 'complete'
 * events) and today (writeHead, write, end; the request as a stream). The
 * same client, fetch(), asks both and prints what comes back.
 */
import { once } from 'node:events';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';
import { section } from '../lib/sections';
import * as http2009 from '../then/http';
import * as sys from '../then/sys';

// ---- 2009 ------------------------------------------------------------------
const server2009 = http2009.createServer(function (request, response) {
  if (request.method === 'POST') {
    let body = '';
    request.setBodyEncoding('utf8');
    request.addListener('body', function (chunk: string) {
      body += chunk;
    });
    request.addListener('complete', function () {
      response.sendHeader(200, { 'Content-Type': 'text/plain' });
      response.sendBody('you sent ' + body.length + ' characters: ' + body + '\n', 'utf8');
      response.finish();
    });
    return;
  }
  response.sendHeader(200, { 'Content-Type': 'text/plain' });
  response.sendBody('Hello World\n');
  response.finish();
});

// ---- today -----------------------------------------------------------------
const serverNow = http.createServer((req, res) => {
  if (req.method === 'POST') {
    text(req).then(
      (body) => {
        // text() collected the whole body, decoded as UTF-8
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.end(`you sent ${body.length} characters: ${body}\n`);
      },
      () => res.destroy(), // the client went away mid-body
    );
    return;
  }
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  res.write('Hello World\n');
  res.end();
});

/** Asks a server for GET / and POST /, and prints the answers the same way for both. */
async function ask(server: http.Server, puts: (line: string) => void): Promise<void> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  puts('Server running');

  const hello = await fetch(`${base}/`);
  puts(`GET / -> ${hello.status} ${hello.headers.get('content-type')}, transfer-encoding ${hello.headers.get('transfer-encoding')}`);
  puts(`body: ${JSON.stringify(await hello.text())}`);

  const echo = await fetch(`${base}/`, { method: 'POST', body: 'naïve café' });
  puts(`POST / -> ${echo.status}: ${(await echo.text()).trimEnd()}`);

  server.close();
  await once(server, 'close');
}

void (async () => {
  section('then', 'sendHeader, sendBody, finish; request "body" and "complete" (then/http.ts)');
  await ask(server2009, sys.puts);
  section('now', 'writeHead, write, end; the request is a stream');
  await ask(serverNow, (line) => console.log(line));
})();
