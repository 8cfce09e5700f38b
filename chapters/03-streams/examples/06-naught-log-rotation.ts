/**
 * Streams at work in naught-core: its log files are rotated by size, and each
 * full file is renamed and gzipped in the background with
 * pipeline(createReadStream, createGzip, createWriteStream)
 * (naught-core/src/logs/gzip-archive.ts). This example starts a real naught
 * daemon whose worker prints 200 numbered lines, with a 4000-byte limit per
 * log file, stops it, then reads every archive back with createGunzip and
 * checks that no line was lost, split or reordered.
 *
 * Needs `make build` (the example runs naught-core's compiled `naught` command).
 * Run: npx tsx chapters/03-streams/examples/06-naught-log-rotation.ts
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const NAUGHT = path.join(REPO_ROOT, 'naught-core', 'dist', 'cli', 'main.js');

/** The worker: 200 lines of exactly 50 bytes on stdout, then 'online' (the protocol by hand, docs/naught-core.md 2.3). */
const CHATTY_WORKER = `'use strict';
for (let i = 1; i <= 200; i += 1) console.log(\`line \${String(i).padStart(3)} \${'x'.repeat(40)}\`);
process.send('online');
process.on('message', (message) => {
  if (message === 'shutdown') process.exit(0);
});
setInterval(() => {}, 1000);
`;

function naught(dir: string, ...args: string[]): string {
  const run = spawnSync(process.execPath, [NAUGHT, ...args], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
  if (run.status !== 0) throw new Error(`naught ${args.join(' ')} exited with ${run.status}:\n${run.stdout}${run.stderr}`);
  return run.stdout.trim();
}

/** Gunzips `file` as a stream and returns its lines. */
export async function gunzipLines(file: string): Promise<string[]> {
  const parts: Buffer[] = [];
  const keep = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      parts.push(chunk);
      callback();
    },
  });
  await pipeline(fs.createReadStream(file), createGunzip(), keep);
  return Buffer.concat(parts).toString().split('\n').slice(0, -1);
}

export interface RotationResult {
  /** The archives in name order (the names carry the time of the rotation), then stdout.log. */
  files: { name: string; bytes: number; lines: string[] }[];
  /** Uncompressed archives left behind (should be none: each is deleted once its .gz is complete). */
  leftovers: string[];
}

/** Runs the chatty worker under naught in `dir` with a 4000-byte limit, stops it, and reads the logs back. */
export async function runRotation(dir: string): Promise<RotationResult> {
  await fsp.writeFile(path.join(dir, 'chatty.js'), CHATTY_WORKER);
  naught(dir, 'start', '--max-log-size', '4000', '--stdout', 'logs/stdout.log', '--stderr', '/dev/null', '--log', 'logs/naught.log', 'chatty.js');
  naught(dir, 'stop'); // returns once every gzip has finished
  const logs = path.join(dir, 'logs');
  const names = (await fsp.readdir(logs)).sort();
  const files: RotationResult['files'] = [];
  for (const name of names.filter((n) => n.endsWith('.log.gz'))) {
    const file = path.join(logs, name);
    files.push({ name, bytes: (await fsp.stat(file)).size, lines: await gunzipLines(file) });
  }
  const live = path.join(logs, 'stdout.log');
  files.push({ name: 'stdout.log', bytes: (await fsp.stat(live)).size, lines: (await fsp.readFile(live, 'utf8')).split('\n').slice(0, -1) });
  return { files, leftovers: names.filter((n) => /^stdout-\d+\.log$/.test(n)) };
}

async function main(): Promise<void> {
  if (!fs.existsSync(NAUGHT)) {
    console.error('naught-core is not built: run `make build` at the repository root first');
    process.exitCode = 1;
    return;
  }
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'ch03-rotation-'));
  try {
    console.log('== naught start --max-log-size 4000 ... chatty.js (200 lines of 50 bytes), then naught stop');
    const { files, leftovers } = await runRotation(dir);
    for (const { name, bytes, lines } of files) {
      const first = lines[0]?.slice(0, 8) ?? '-';
      const last = lines.at(-1)?.slice(0, 8) ?? '-';
      console.log(`${name.padEnd(28)} ${String(bytes).padStart(5)} bytes on disk, ${String(lines.length).padStart(3)} lines: ${first} .. ${last}`);
    }
    const all = files.flatMap((file) => file.lines);
    const expected = Array.from({ length: 200 }, (_, i) => `line ${String(i + 1).padStart(3)} ${'x'.repeat(40)}`);
    const intact = all.length === expected.length && all.every((line, i) => line === expected[i]);
    console.log(`all ${all.length} lines back, in order, none split: ${intact}`);
    console.log(`uncompressed archives left behind: ${leftovers.length}`);
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
