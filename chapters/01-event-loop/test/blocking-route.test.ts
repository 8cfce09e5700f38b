import * as assert from 'node:assert/strict';
import { assertPrintsLikeReadme } from '../../shared/readme';
import { CHAPTER_DIR, runExample, section } from './run-example';

const BLOCK_MS = 1000;

function maxDelay(stdout: string, when: string): number {
  const match = new RegExp(`event loop delay ${when} *: mean [\\d.]+ ms, p99 [\\d.]+ ms, max ([\\d.]+) ms`).exec(stdout);
  assert.ok(match, `no delay line for ${when} in:\n${stdout}`);
  return Number(match[1]);
}

describe('04-blocking-route: a busy route stalls every client of the process', function () {
  let stdout = '';

  before(async function () {
    const run = await runExample('04-blocking-route.ts', { BLOCK_MS: String(BLOCK_MS) });
    assert.equal(run.code, 0, run.stderr);
    stdout = run.stdout;
  });

  it('prints what README.md shows, the times and delays aside', function () {
    assertPrintsLikeReadme(CHAPTER_DIR, '04-blocking-route.ts', stdout);
  });

  it('/fast, sent while /block busy-loops, is answered only after /block', function () {
    const lines = section(stdout, '== /block');
    const sent = lines.findIndex((line) => line.includes('GET /fast sent'));
    const blockAnswered = lines.findIndex((line) => line.includes('/block answered'));
    const fastAnswered = lines.findIndex((line) => line.includes('/fast answered'));
    assert.ok(sent >= 0 && blockAnswered > sent && fastAnswered > blockAnswered, stdout);
  });

  it('the event loop delay histogram saw the whole busy loop', function () {
    assert.ok(maxDelay(stdout, 'during /block') >= 0.9 * BLOCK_MS, stdout);
  });

  it('with the work cut into slices, /fast is answered before /chunked finishes', function () {
    const lines = section(stdout, '== /chunked');
    const sent = lines.findIndex((line) => line.includes('GET /fast sent'));
    const fastAnswered = lines.findIndex((line) => line.includes('/fast answered'));
    const chunkedAnswered = lines.findIndex((line) => line.includes('/chunked answered'));
    assert.ok(sent >= 0 && fastAnswered > sent && chunkedAnswered > fastAnswered, stdout);
    assert.ok(maxDelay(stdout, 'during /chunked') < maxDelay(stdout, 'during /block'), stdout);
  });
});
