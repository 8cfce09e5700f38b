/**
 * Three fs.readFile calls issued one after another, without waiting: all
 * three are in flight at once, and they finish in whatever order the thread
 * pool and the OS finish them. Then the synchronous version, which can only
 * go a, b, c, and the same concurrent reads written with fs/promises.
 *
 * Run: npx tsx chapters/01-event-loop/examples/02-concurrent-reads.ts
 */
import * as fs from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';

const NAMES = ['a.txt', 'b.txt', 'c.txt'];
const SIZE = 2 * 1024 * 1024; // 2 MB each: fs.readFile reads them in 512 KB slices

const elapsed = (start: bigint): string => `${(Number(process.hrtime.bigint() - start) / 1e6).toFixed(1)} ms`;

/** One round with logging: every call, then every callback as it comes. */
function readAllWithCallbacks(dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    let finished = 0;
    for (const name of NAMES) {
      fs.readFile(path.join(dir, name), (error, data) => {
        if (error) return reject(error);
        console.log(`finished ${name} (${data.length} bytes) after ${elapsed(start)}`);
        if (++finished === NAMES.length) resolve();
      });
      console.log(`issued   ${name}`);
    }
    console.log(`all three issued after ${elapsed(start)}; no callback has run yet, this code still holds the thread`);
  });
}

/** The same three reads, quietly: returns the order in which they finished. */
function finishOrder(dir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const order: string[] = [];
    for (const name of NAMES) {
      fs.readFile(path.join(dir, name), (error) => {
        if (error) return reject(error);
        order.push(name[0] as string);
        if (order.length === NAMES.length) resolve(order.join(' '));
      });
    }
  });
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ch01-reads-'));
  try {
    for (const name of NAMES) fs.writeFileSync(path.join(dir, name), Buffer.alloc(SIZE, name[0]));

    console.log('== three readFile calls, issued without waiting');
    await readAllWithCallbacks(dir);

    const rounds = 20;
    console.log(`\n== the same three reads, ${rounds} more times: the order they finished in`);
    const counts = new Map<string, number>();
    for (let round = 0; round < rounds; round++) {
      const order = await finishOrder(dir);
      counts.set(order, (counts.get(order) ?? 0) + 1);
    }
    for (const [order, count] of [...counts].sort((x, y) => y[1] - x[1])) {
      console.log(`${String(count).padStart(3)} x ${order}`);
    }

    console.log('\n== readFileSync: one after another, the order is the order of the code');
    let start = process.hrtime.bigint();
    for (const name of NAMES) {
      const data = fs.readFileSync(path.join(dir, name));
      console.log(`read ${name} (${data.length} bytes) after ${elapsed(start)}`);
    }

    console.log('\n== today\'s way to write the concurrent version: fs/promises and Promise.all');
    start = process.hrtime.bigint();
    const contents = await Promise.all(NAMES.map((name) => readFile(path.join(dir, name))));
    console.log(`${contents.length} files, ${contents.reduce((sum, data) => sum + data.length, 0)} bytes, after ${elapsed(start)} (results in the order asked)`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
