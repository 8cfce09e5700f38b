/**
 * Throughput of worker output into a rotating log: not a test (speed is never
 * asserted), run by hand from the repository root:
 *
 *   node --import tsx naught-core/test/logs/bench-throughput.ts [MB] [maxSizeMB]
 *
 * A child process prints MB megabytes of ~100-byte lines to its stdout pipe;
 * pipeLines feeds them to a RotatingLog rotating at maxSizeMB. Prints the rate
 * at which the output reached the files, and the time until every archive was
 * gzipped as well. A second run, with the pipe only read and discarded, shows
 * how fast the child alone can go on this machine.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pipeLines } from '../../src/logs/pipe-lines';
import { RotatingLog } from '../../src/logs/rotating-log';

const PRINTER = `
const total = Number(process.argv[1]) * 1024 * 1024;
const lines = [];
for (let i = 0; i < 1000; i++) lines.push('worker line ' + i + ' ' + 'x'.repeat(40 + (i * 37) % 80) + '\\n');
const block = Buffer.from(lines.join(''));
const fs = require('fs');
let sent = 0;
while (sent < total) {
  let offset = 0;
  while (offset < block.length) offset += fs.writeSync(1, block, offset);
  sent += block.length;
}
`;

async function run(megabytes: number, maxSizeMB: number, discard: boolean): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'naught-bench-'));
  try {
    const log = await RotatingLog.open(path.join(dir, 'stdout.log'), maxSizeMB * 1024 * 1024);
    log.on('error', (error) => console.error(error.message));
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['-e', PRINTER, String(megabytes)], { stdio: ['ignore', 'pipe', 'inherit'] });
    if (!child.stdout) throw new Error('no stdout pipe');
    let bytes = 0;
    child.stdout.on('data', (chunk: Buffer) => (bytes += chunk.length));
    if (discard) child.stdout.resume();
    else pipeLines(child.stdout, log);
    await once(child, 'close');
    while (log.pendingBytes > 0) await sleep(1);
    const written = Number(process.hrtime.bigint() - started) / 1e9;
    await log.close();
    const gzipped = Number(process.hrtime.bigint() - started) / 1e9;
    const mb = bytes / 1024 / 1024;
    if (discard) {
      console.log(`child alone, pipe read and discarded: ${mb.toFixed(0)} MB in ${written.toFixed(2)} s = ${(mb / written).toFixed(0)} MB/s`);
    } else {
      const archives = (await fs.readdir(dir)).filter((name) => name.endsWith('.gz')).length;
      console.log(
        `through pipeLines into RotatingLog: ${mb.toFixed(0)} MB in ${written.toFixed(2)} s = ${(mb / written).toFixed(0)} MB/s written; ` +
          `${archives} archives, all gzipped after ${gzipped.toFixed(2)} s`,
      );
    }
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const megabytes = Number(process.argv[2] ?? 200);
  const maxSizeMB = Number(process.argv[3] ?? 10);
  await run(megabytes, maxSizeMB, true);
  await run(megabytes, maxSizeMB, false);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
