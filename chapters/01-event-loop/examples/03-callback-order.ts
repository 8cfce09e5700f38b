/**
 * In which order do these run: synchronous code, process.nextTick, a promise
 * callback, setTimeout(0), setImmediate and an I/O callback?
 *
 * 1. In the main module of a CommonJS program (plain `node`, fresh processes):
 *    setTimeout(0) and setImmediate race, so both orders show up.
 * 2. At the top level of this file, run through tsx.
 * 3. Inside an I/O callback: always the same order.
 *
 * Run: npx tsx chapters/01-event-loop/examples/03-callback-order.ts
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** 2. The experiment at the top level of this file (collected before main() runs). */
const topLevel: string[] = [];
const topLevelDone = new Promise<void>((resolve) => {
  setImmediate(() => topLevel.push('immediate'));
  setTimeout(() => topLevel.push('timeout'), 0);
  void Promise.resolve().then(() => topLevel.push('promise'));
  process.nextTick(() => topLevel.push('nextTick'));
  topLevel.push('sync');
  setTimeout(resolve, 20);
});

/** 3. The same experiment started from inside an I/O callback (the poll phase). */
function insideIoCallback(): Promise<string> {
  return new Promise((resolve, reject) => {
    fs.readFile(__filename, (error) => {
      if (error) return reject(error);
      const order: string[] = [];
      const record = (what: string) => (): void => {
        order.push(what);
        if (order.length === 5) resolve(order.join(' '));
      };
      setImmediate(record('immediate'));
      setTimeout(record('timeout'), 0);
      Promise.resolve().then(record('promise'), reject);
      process.nextTick(record('nextTick'));
      record('sync')();
    });
  });
}

function printCounts(counts: Map<string, number>): void {
  for (const [order, count] of [...counts].sort((x, y) => y[1] - x[1])) {
    console.log(`${String(count).padStart(3)} x ${order}`);
  }
}

function tally(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

async function main(): Promise<void> {
  const runs = 20;
  const script = path.join(__dirname, 'order-main-module.js');

  console.log(`== 1. main module of a CommonJS program: node ${path.basename(script)}, ${runs} fresh processes`);
  const mainModule = new Map<string, number>();
  for (let run = 0; run < runs; run++) {
    const child = spawnSync(process.execPath, [script], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    if (child.status !== 0) throw new Error(`${script} failed: ${child.stderr}`);
    tally(mainModule, child.stdout.trim());
  }
  printCounts(mainModule);

  await topLevelDone;
  console.log('\n== 2. top level of this file, run through tsx (an ES module loader)');
  console.log(`  1 x ${topLevel.join(' ')}`);

  console.log(`\n== 3. inside an I/O callback, ${runs} times in this process`);
  const ioCallback = new Map<string, number>();
  for (let run = 0; run < runs; run++) tally(ioCallback, await insideIoCallback());
  printCounts(ioCallback);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
