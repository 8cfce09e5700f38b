/**
 * The HTTP server the checks run as a real process: it loads countPrimes from
 * the file named on its command line and serves it.
 *
 *   GET /primes?below=N   runs countPrimes(N) and streams one line per progress
 *                         report ("progress 10000"), then "result <count>"
 *                         (or "error <message>").
 *   GET /ping             answers at once with the jobs in progress, as JSON:
 *                         {"jobs":[{"below":N,"checked":<last report>}]}
 *
 * Try it yourself, from the repository root:
 *   npx tsx exercises/01-dont-block-the-loop/test/primes-server.ts exercises/01-dont-block-the-loop/count-primes.ts
 * then, in another terminal, `curl -sN 'http://127.0.0.1:PORT/primes?below=6000000'`
 * and, while it runs, `curl -s http://127.0.0.1:PORT/ping`.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

type CountPrimes = (limit: number, onProgress?: (checked: number) => void) => Promise<number>;

interface Job {
  below: number;
  checked: number;
}

const modulePath = process.argv[2];
if (modulePath === undefined) {
  console.error('usage: primes-server.ts <path of count-primes.ts>');
  process.exit(2);
}
// The path is chosen at run time (the learner's file or the solution), hence require.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { countPrimes } = require(path.resolve(modulePath)) as { countPrimes: CountPrimes };
const jobs = new Set<Job>();

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (url.pathname === '/ping') {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ jobs: [...jobs] }));
  } else if (url.pathname === '/primes') {
    const below = Number(url.searchParams.get('below'));
    const job: Job = { below, checked: 0 };
    jobs.add(job);
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    // new Promise: a countPrimes that throws instead of rejecting still gets an answer.
    void new Promise<number>((resolve) => {
      resolve(
        countPrimes(below, (checked) => {
          job.checked = checked;
          res.write(`progress ${checked}\n`);
        }),
      );
    })
      .then((count) => res.end(`result ${count}\n`))
      .catch((error: unknown) => res.end(`error ${error instanceof Error ? error.message : String(error)}\n`))
      .finally(() => jobs.delete(job));
  } else {
    res.statusCode = 404;
    res.end('not found\n');
  }
});

server.listen(0, '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
