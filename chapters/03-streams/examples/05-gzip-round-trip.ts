/**
 * zlib's gzip is a Transform stream: bytes in, compressed bytes out.
 * Compress a file with createGzip, decompress it with createGunzip, and check
 * that the round trip gives back exactly the same bytes. Then see what gzip
 * does with data that does not compress, and what createGunzip does with a
 * damaged file.
 *
 * Run: npx tsx chapters/03-streams/examples/05-gzip-round-trip.ts
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { CountStream } from './01-count-to-ten';

export async function gzipFile(source: string, target: string): Promise<void> {
  await pipeline(fs.createReadStream(source), createGzip(), fs.createWriteStream(target));
}

export async function gunzipFile(source: string, target: string): Promise<void> {
  await pipeline(fs.createReadStream(source), createGunzip(), fs.createWriteStream(target));
}

/** sha256 of a file, read as a stream (for await over the chunks): the file is never held in memory whole. */
export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export interface RoundTrip {
  originalBytes: number;
  gzippedBytes: number;
  restoredBytes: number;
  sameHash: boolean;
  sameBytes: boolean;
  /** The first two bytes of the .gz: always 1f 8b, the gzip magic number. */
  magic: string;
}

/** original -> original.gz -> restored, then compare original and restored. */
export async function roundTrip(original: string): Promise<RoundTrip> {
  const gz = `${original}.gz`;
  const restored = `${original}.restored`;
  await gzipFile(original, gz);
  await gunzipFile(gz, restored);
  const [a, b] = await Promise.all([fsp.readFile(original), fsp.readFile(restored)]);
  return {
    originalBytes: a.length,
    gzippedBytes: (await fsp.stat(gz)).size,
    restoredBytes: b.length,
    sameHash: (await sha256OfFile(original)) === (await sha256OfFile(restored)),
    sameBytes: a.equals(b),
    magic: (await fsp.readFile(gz)).subarray(0, 2).toString('hex'),
  };
}

function describe(name: string, trip: RoundTrip): void {
  const ratio = ((100 * trip.gzippedBytes) / trip.originalBytes).toFixed(1);
  console.log(`${name}: ${trip.originalBytes} bytes -> ${trip.gzippedBytes} gzipped (${ratio}%) -> ${trip.restoredBytes} restored`);
  console.log(`  starts with ${trip.magic}; same sha256: ${trip.sameHash}; byte for byte equal: ${trip.sameBytes}`);
}

async function main(): Promise<void> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'ch03-gzip-'));
  try {
    const numbers = path.join(dir, 'numbers.txt');
    await pipeline(new CountStream(100_000), fs.createWriteStream(numbers));
    describe('numbers.txt (1 to 100000)', await roundTrip(numbers));

    const noise = path.join(dir, 'noise.bin');
    await pipeline(Readable.from([randomBytes(100_000)]), fs.createWriteStream(noise));
    describe('noise.bin (random bytes)', await roundTrip(noise));

    const gz = `${numbers}.gz`;
    const damaged = path.join(dir, 'damaged.gz');
    const whole = await fsp.readFile(gz);
    await fsp.writeFile(damaged, whole.subarray(0, whole.length - 100)); // the end is missing
    await gunzipFile(damaged, path.join(dir, 'damaged.out')).catch((error: NodeJS.ErrnoException) => {
      console.log(`a .gz without its last 100 bytes: gunzip rejected with ${error.code} (${error.message})`);
    });
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
