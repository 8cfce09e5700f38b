/**
 * The deploy: the README's walkthrough, run command by command under
 * naught-core; and a check that deploy/http2009.js (the shim in plain
 * JavaScript for the workers) behaves like then/http.ts.
 */
import * as assert from 'node:assert/strict';
import { once } from 'node:events';
import * as http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { runWalkthrough } from '../../shared/walkthrough';
import * as http2009 from '../then/http';
import { CHAPTER_DIR } from './support';

type Adapt = (listener: http2009.RequestListener2009) => http.RequestListener;
const deployShim = createRequire(__filename)('../deploy/http2009.js') as { adapt: Adapt };

/** A 2009 listener that uses every part of the server API. */
const listener: http2009.RequestListener2009 = (request, response) => {
  let body = '';
  request.setBodyEncoding('utf8');
  request.addListener('body', (chunk: string) => (body += chunk));
  request.addListener('complete', () => {
    response.sendHeader(200, { 'Content-Type': 'text/plain', 'X-Url': request.url });
    response.sendBody(`${request.method} ${body.length} `);
    response.sendBody(body, 'utf8');
    response.finish();
  });
};

async function serveOnce(adapt: Adapt): Promise<{ status: number; headers: Record<string, string | null>; body: string }> {
  const server = http.createServer(adapt(listener));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/x?y=1`, { method: 'POST', body: 'çava' });
    const headers = Object.fromEntries(['content-type', 'x-url', 'transfer-encoding'].map((name) => [name, response.headers.get(name)]));
    return { status: response.status, headers, body: await response.text() };
  } finally {
    server.close();
  }
}

describe('chapter 8: deploy', () => {
  it('deploy/http2009.js answers exactly as then/http.ts does', async () => {
    const fromTs = await serveOnce(http2009.adapt);
    const fromJs = await serveOnce(deployShim.adapt);
    assert.deepEqual(fromJs, fromTs);
    assert.deepEqual(fromTs, { status: 200, headers: { 'content-type': 'text/plain', 'x-url': '/x?y=1', 'transfer-encoding': 'chunked' }, body: 'POST 4 çava' });
  });

  it("runs the README's walkthrough: both routes served by 2 workers, the greeting changed by a deploy, then stopped", async () => {
    const results = await runWalkthrough(path.join(CHAPTER_DIR, 'README.md'), path.join(CHAPTER_DIR, 'deploy'));
    const commands = results.map((result) => result.command);
    assert.ok(commands[0]?.startsWith('naught start --worker-count 2'));
    assert.ok(commands.includes('naught deploy'));
    assert.equal(commands.at(-1), 'naught stop');
  });
});
