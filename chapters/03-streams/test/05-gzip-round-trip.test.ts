import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { gunzipFile, gzipFile, roundTrip } from '../examples/05-gzip-round-trip';
import { assertPrintsLikeReadme, runExample } from './support';

describe('03-streams / 05 gzip with zlib streams', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'ch03-test-'));
  });
  afterEach(async () => {
    await fsp.rm(dir, { recursive: true, force: true });
  });

  it('runs and prints what the README shows (compressed sizes may differ between zlib versions)', async () => {
    const run = await runExample('05-gzip-round-trip.ts');
    assert.equal(run.code, 0, run.stderr);
    assertPrintsLikeReadme('05-gzip-round-trip.ts', run.stdout, [/-> \d+ gzipped \(\d+\.\d%\)/g]);
  });

  it('round-trips text and random bytes byte for byte', async () => {
    const text = path.join(dir, 'text.txt');
    await fsp.writeFile(text, 'the same line again\n'.repeat(50_000));
    const textTrip = await roundTrip(text);
    assert.equal(textTrip.sameBytes, true);
    assert.equal(textTrip.sameHash, true);
    assert.equal(textTrip.magic, '1f8b');
    assert.ok(textTrip.gzippedBytes * 20 < textTrip.originalBytes, `repetitive text: ${textTrip.gzippedBytes} of ${textTrip.originalBytes}`);

    const noise = path.join(dir, 'noise.bin');
    await fsp.writeFile(noise, randomBytes(300_000));
    const noiseTrip = await roundTrip(noise);
    assert.equal(noiseTrip.sameBytes, true);
    assert.ok(noiseTrip.gzippedBytes >= noiseTrip.originalBytes, 'random bytes do not compress');
  });

  it('the stream form and the one-shot zlib functions agree', async () => {
    const original = path.join(dir, 'a.txt');
    const content = Buffer.from('streams and buffers\n'.repeat(1000));
    await fsp.writeFile(original, content);
    await gzipFile(original, `${original}.gz`);
    assert.ok(gunzipSync(await fsp.readFile(`${original}.gz`)).equals(content));
    await fsp.writeFile(path.join(dir, 'b.gz'), gzipSync(content));
    await gunzipFile(path.join(dir, 'b.gz'), path.join(dir, 'b.txt'));
    assert.ok((await fsp.readFile(path.join(dir, 'b.txt'))).equals(content));
  });

  it('a truncated .gz makes the pipeline reject', async () => {
    const gz = path.join(dir, 'cut.gz');
    await fsp.writeFile(gz, gzipSync(randomBytes(50_000)).subarray(0, 20_000));
    await assert.rejects(gunzipFile(gz, path.join(dir, 'cut.out')), { code: 'Z_BUF_ERROR' });
  });
});
