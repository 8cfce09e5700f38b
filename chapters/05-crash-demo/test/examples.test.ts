import * as assert from 'node:assert/strict';
import { assertPrintsLikeReadme, runExample } from './support';

describe('05-crash-demo / the examples print what the README shows', function () {
  this.timeout(60_000);

  it('01 the crash: the requests in flight die with the process, and later ones are refused', async () => {
    const run = await runExample('01-the-crash.ts');
    assert.equal(run.code, 0, run.stderr);
    assertPrintsLikeReadme('01-the-crash.ts', run.stdout);
  });

  it('02 try/catch misses the stream error; an error listener or the Express error middleware handles it', async () => {
    const run = await runExample('02-caught-and-uncaught.ts');
    assert.equal(run.code, 0, run.stderr);
    assertPrintsLikeReadme('02-caught-and-uncaught.ts', run.stdout);
    assert.match(run.stderr, /^handled: ENOENT: no such file or directory/m, 'the error middleware logged the error');
  });

  it('03 the offline guard under naught-core: the requests in flight are answered, naught.log shows the handover', async () => {
    const run = await runExample('03-offline-guard.ts');
    assert.equal(run.code, 0, run.stderr);
    assertPrintsLikeReadme('03-offline-guard.ts', run.stdout);
  });
});
