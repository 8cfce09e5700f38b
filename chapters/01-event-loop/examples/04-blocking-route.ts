/**
 * One busy route stalls every client of a Node process.
 *
 * The server (this file started with `--server`, in its own process, as in
 * production) has three routes: /block busy-loops for BLOCK_MS (default
 * 1000 ms) before it answers, /chunked does the same amount of busy work in
 * 10 ms slices and lets the event loop run between them, and /fast answers at
 * once. A histogram from perf_hooks.monitorEventLoopDelay records how late the
 * event loop gets around to its timers; GET /delay returns it and starts a
 * new one.
 *
 * The client (this file without `--server`) sends /block, waits until the
 * server has started its busy loop, sends /fast, and prints when each answer
 * arrives. Then the same with /chunked.
 *
 * Run: npx tsx chapters/01-event-loop/examples/04-blocking-route.ts
 */
import { fork } from 'node:child_process';
import * as http from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const BLOCK_MS = Number(process.env.BLOCK_MS ?? 1000);

// ---------------------------------------------------------------- the server

/** Keeps the CPU busy for `ms` milliseconds: nothing else in this process can run meanwhile. */
function busyFor(ms: number): number {
  const end = Date.now() + ms;
  let spins = 0;
  while (Date.now() < end) spins++;
  return spins;
}

function runServer(): void {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();

  const server = http.createServer((req, res) => {
    if (req.url === '/block') {
      // Once 'started' is on its way to the client, block the whole process.
      res.write('started\n', () => {
        busyFor(BLOCK_MS);
        res.end(`busy for ${BLOCK_MS} ms in one piece\n`);
      });
    } else if (req.url === '/chunked') {
      let left = BLOCK_MS;
      const slice = (): void => {
        busyFor(Math.min(10, left));
        left -= 10;
        if (left > 0) setImmediate(slice); // let the event loop run between slices
        else res.end(`busy for ${BLOCK_MS} ms in 10 ms slices\n`);
      };
      res.write('started\n', slice);
    } else if (req.url === '/fast') {
      res.end('fast\n');
    } else if (req.url === '/delay') {
      const ms = (ns: number): number => Math.round(ns / 1e4) / 100;
      const body = JSON.stringify({ min: ms(delay.min), mean: ms(delay.mean), p99: ms(delay.percentile(99)), max: ms(delay.max) });
      delay.reset();
      // After a reset the histogram's first tick only sets its starting point. Answer once that tick
      // has happened, so that a busy loop the client starts next is measured from the beginning.
      setTimeout(() => res.end(body), 3 * 10);
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  server.listen(0, '127.0.0.1', () => {
    process.send?.({ port: (server.address() as { port: number }).port });
  });
  process.on('disconnect', () => process.exit(0)); // the client is done with us
}

// ---------------------------------------------------------------- the client

interface Timed {
  firstByteMs: number;
  doneMs: number;
  body: string;
}

/** GET `path`; resolves when the answer is complete; calls `onFirstChunk` when its first bytes arrive. */
function get(port: number, path: string, t0: number, onFirstChunk: () => void = () => undefined): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path, agent: false }, (response) => {
      let body = '';
      let firstByteMs = -1;
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        if (firstByteMs < 0) {
          firstByteMs = performance.now() - t0;
          onFirstChunk();
        }
        body += chunk;
      });
      response.on('end', () => resolve({ firstByteMs, doneMs: performance.now() - t0, body }));
    });
    request.setTimeout(BLOCK_MS + 30_000, () => request.destroy(new Error(`GET ${path}: no answer`)));
    request.on('error', reject);
  });
}

const at = (ms: number): string => `t=${ms.toFixed(0).padStart(5)} ms`;

/** Sends `slowPath`, and /fast as soon as the server has started the slow work. */
async function slowAndFast(port: number, slowPath: string): Promise<void> {
  const t0 = performance.now();
  let fast: Promise<Timed> | undefined;
  console.log(`${at(0)}  GET ${slowPath} sent`);
  const slow = await get(port, slowPath, t0, () => {
    console.log(`${at(performance.now() - t0)}  ${slowPath} started its work; GET /fast sent`);
    fast = get(port, '/fast', t0);
    void fast.then((answer) => console.log(`${at(answer.doneMs)}  /fast answered`));
  });
  console.log(`${at(slow.doneMs)}  ${slowPath} answered: ${slow.body.split('\n')[1]}`);
  await fast;
}

async function showDelay(port: number, when: string): Promise<void> {
  const response = await get(port, '/delay', performance.now());
  const { mean, p99, max } = JSON.parse(response.body) as Record<string, number>;
  console.log(`  event loop delay ${when}: mean ${mean} ms, p99 ${p99} ms, max ${max} ms  (10 ms = no delay)`);
}

async function runClient(): Promise<void> {
  const server = fork(__filename, ['--server'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      server.once('message', (message: { port: number }) => resolve(message.port));
      server.once('exit', (code) => reject(new Error(`server exited with code ${code}`)));
    });
    console.log(`== the server is idle for 200 ms (its histogram samples a 10 ms timer)`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await showDelay(port, 'while idle      ');

    console.log(`\n== /block busy-loops for ${BLOCK_MS} ms in one piece`);
    await slowAndFast(port, '/block');
    await showDelay(port, 'during /block   ');

    console.log(`\n== /chunked does the same work in 10 ms slices, with setImmediate between them`);
    await slowAndFast(port, '/chunked');
    await showDelay(port, 'during /chunked ');
  } finally {
    server.disconnect();
    server.kill();
  }
}

if (process.argv[2] === '--server') {
  runServer();
} else {
  runClient().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
