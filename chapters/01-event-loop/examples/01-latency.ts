/**
 * How long does it take to reach a piece of data? The book's table (from Ryan
 * Dahl's first Node talk, 2009) counts CPU cycles for L1, L2, RAM, disk and
 * network. This program times the same kinds of access on your machine and
 * prints nanoseconds per access and the ratio to the fastest one.
 *
 * Run: npx tsx chapters/01-event-loop/examples/01-latency.ts
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export interface Row {
  key: string;
  label: string;
  nsPerAccess: number;
}

/**
 * An Int32Array that holds one random cycle through all its 64-byte cache
 * lines: a[i] is the index of the next line to visit. Following it ("pointer
 * chasing") makes every read depend on the previous one, so the CPU cannot
 * prefetch or overlap them: each step costs one full trip to wherever the
 * array lives (L1, L2 or RAM, depending on its size).
 */
function randomCycle(bytes: number): Int32Array {
  const INTS_PER_LINE = 16; // 64 bytes / 4 bytes
  const lines = bytes / 64;
  const order = new Uint32Array(lines);
  for (let i = 0; i < lines; i++) order[i] = i;
  for (let i = lines - 1; i > 0; i--) {
    // Sattolo's shuffle: the result is a single cycle through every line.
    const j = Math.floor(Math.random() * i);
    const swap = order[i] as number;
    order[i] = order[j] as number;
    order[j] = swap;
  }
  const chain = new Int32Array(lines * INTS_PER_LINE);
  for (let k = 0; k < lines; k++) {
    chain[(order[k] as number) * INTS_PER_LINE] = (order[(k + 1) % lines] as number) * INTS_PER_LINE;
  }
  return chain;
}

function chase(chain: Int32Array, steps: number): number {
  let i = 0;
  for (let k = 0; k < steps; k++) i = chain[i] as number;
  return i; // returned so that the engine cannot skip the loop
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Runs `round` several times; each round returns ns per access; keeps the median. */
async function measure(rounds: number, round: () => number | Promise<number>): Promise<number> {
  const results: number[] = [];
  for (let r = 0; r < rounds; r++) results.push(await round());
  return median(results);
}

async function arrayAccess(bytes: number): Promise<number> {
  const chain = randomCycle(bytes);
  const steps = 1_000_000;
  chase(chain, steps); // warm-up: lets V8 compile the loop and pulls the array into the cache
  return measure(5, () => {
    const start = process.hrtime.bigint();
    chase(chain, steps);
    return Number(process.hrtime.bigint() - start) / steps;
  });
}

/** 4 KB reads at random offsets of a 16 MB file that was just written, so it sits in the OS page cache. */
async function fileReads(dir: string): Promise<{ sync: number; threadPool: number }> {
  const file = path.join(dir, 'data.bin');
  const size = 16 * 1024 * 1024;
  fs.writeFileSync(file, Buffer.alloc(size, 7));
  const fd = fs.openSync(file, 'r');
  const buffer = Buffer.alloc(4096);
  const offset = (): number => Math.floor(Math.random() * (size / 4096)) * 4096;
  try {
    const sync = await measure(5, () => {
      const reads = 2_000;
      const start = process.hrtime.bigint();
      for (let k = 0; k < reads; k++) fs.readSync(fd, buffer, 0, 4096, offset());
      return Number(process.hrtime.bigint() - start) / reads;
    });
    // The same read with fs.read: the work goes to libuv's thread pool and the
    // callback comes back through the event loop.
    const readAsync = (): Promise<void> =>
      new Promise((resolve, reject) => fs.read(fd, buffer, 0, 4096, offset(), (error) => (error ? reject(error) : resolve())));
    const threadPool = await measure(5, async () => {
      const reads = 500;
      const start = process.hrtime.bigint();
      for (let k = 0; k < reads; k++) await readAsync();
      return Number(process.hrtime.bigint() - start) / reads;
    });
    return { sync, threadPool };
  } finally {
    fs.closeSync(fd);
  }
}

/** Write 4 KB and wait with fsync until the storage device says it has them. */
async function fsyncWrites(dir: string): Promise<number> {
  const fd = fs.openSync(path.join(dir, 'sync.bin'), 'w');
  const block = Buffer.alloc(4096, 1);
  try {
    return await measure(3, () => {
      const writes = 10;
      const start = process.hrtime.bigint();
      for (let k = 0; k < writes; k++) {
        fs.writeSync(fd, block, 0, block.length, k * 4096);
        fs.fsyncSync(fd);
      }
      return Number(process.hrtime.bigint() - start) / writes;
    });
  } finally {
    fs.closeSync(fd);
  }
}

/** One byte to an echo server on 127.0.0.1 and back, many times in a row. */
async function loopbackRoundTrips(): Promise<number> {
  const server = net.createServer((socket) => socket.pipe(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const socket = net.connect({ port, host: '127.0.0.1', noDelay: true });
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  const roundTrip = (): Promise<void> =>
    new Promise((resolve) => {
      socket.once('data', () => resolve());
      socket.write('x');
    });
  try {
    for (let k = 0; k < 200; k++) await roundTrip(); // warm-up
    return await measure(5, async () => {
      const trips = 1_000;
      const start = process.hrtime.bigint();
      for (let k = 0; k < trips; k++) await roundTrip();
      return Number(process.hrtime.bigint() - start) / trips;
    });
  } finally {
    socket.destroy();
    server.close();
  }
}

const TMPFS_MAGIC = 0x01021994;

export async function measureAll(): Promise<{ rows: Row[]; tmpIsTmpfs: boolean }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ch01-latency-'));
  try {
    const rows: Row[] = [];
    rows.push({ key: 'l1', label: 'L1 cache: 16 KB array, random order', nsPerAccess: await arrayAccess(16 * 1024) });
    rows.push({ key: 'l2', label: 'L2 cache: 256 KB array, random order', nsPerAccess: await arrayAccess(256 * 1024) });
    rows.push({ key: 'ram', label: 'RAM: 64 MB array, random order', nsPerAccess: await arrayAccess(64 * 1024 * 1024) });
    const reads = await fileReads(dir);
    rows.push({ key: 'file', label: 'file: 4 KB readSync, from the page cache', nsPerAccess: reads.sync });
    rows.push({ key: 'file-async', label: 'file: 4 KB fs.read, via the thread pool', nsPerAccess: reads.threadPool });
    rows.push({ key: 'loopback', label: 'network: TCP round trip over 127.0.0.1', nsPerAccess: await loopbackRoundTrips() });
    rows.push({ key: 'disk', label: 'disk: 4 KB write + fsync', nsPerAccess: await fsyncWrites(dir) });
    const tmpIsTmpfs = fs.statfsSync(dir).type === TMPFS_MAGIC;
    return { rows, tmpIsTmpfs };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The book's table, in CPU cycles, with what each number meant in 2009. */
const BOOK_2009: Array<[string, number, string]> = [
  ['L1 cache', 3, ''],
  ['L2 cache', 14, ''],
  ['RAM', 250, ''],
  ['disk', 41_000_000, '~14 ms: a seek on a spinning disk'],
  ['network', 240_000_000, '~80 ms: a round trip across the Internet'],
];

const number = (value: number, digits = 0): string =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function printTables(rows: Row[], tmpIsTmpfs: boolean): void {
  const fastest = Math.min(...rows.map((row) => row.nsPerAccess));
  console.log('On this machine (median of several rounds):\n');
  console.log(`  ${'access'.padEnd(42)} ${'ns each'.padStart(12)} ${'x fastest'.padStart(12)}`);
  for (const row of rows) {
    const ratio = row.nsPerAccess / fastest;
    console.log(`  ${row.label.padEnd(42)} ${number(row.nsPerAccess, 1).padStart(12)} ${number(ratio).padStart(12)}`);
  }
  if (tmpIsTmpfs) console.log(`\n  (${os.tmpdir()} is a tmpfs, in RAM: fsync there has no disk to wait for)`);
  console.log('\nThe book\'s table (2009), in CPU cycles; at 3 GHz an L1 access (3 cycles) is 1 ns,');
  console.log('so the last column is both ns and the ratio to the fastest:\n');
  console.log(`  ${'access'.padEnd(12)} ${'cycles'.padStart(14)} ${'ns, x fastest'.padStart(14)}`);
  for (const [what, cycles, meaning] of BOOK_2009) {
    console.log(`  ${what.padEnd(12)} ${number(cycles).padStart(14)} ${number(cycles / 3).padStart(14)}  ${meaning}`.trimEnd());
  }
}

async function main(): Promise<void> {
  const { rows, tmpIsTmpfs } = await measureAll();
  printTables(rows, tmpIsTmpfs);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
