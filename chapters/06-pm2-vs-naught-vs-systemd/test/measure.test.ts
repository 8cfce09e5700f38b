import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { measure, toMarkdown, type Measurements } from '../measure';
import { CHAPTER_DIR } from '../lib/processes';

describe('06 measure.ts: the figures of the comparison table, measured', function () {
  this.timeout(120_000);

  let m: Measurements;
  before(async function () {
    m = await measure({ secondsAround: 0.5, log: () => undefined });
  });

  it('a new release under keep-alive load: naught deploy and ExecReload lose no request; all three end on the new release', function () {
    for (const figures of [m.naught.deploy!, m.systemd.deploy!]) {
      assert.equal(figures.exitCode, 0);
      assert.ok(figures.requests > 0);
      assert.equal(figures.failed, 0, `${figures.command}: ${figures.failed} of ${figures.requests} failed`);
      assert.equal(figures.afterwards, 'release v2');
    }
    assert.equal(m.pm2.deploy!.exitCode, 0);
    assert.ok(m.pm2.deploy!.requests > 0);
    assert.equal(m.pm2.deploy!.afterwards, 'release v2');
  });

  it('a release that cannot start: naught fails the deploy and keeps serving; pm2 reports success and the app is down', function () {
    for (const figures of [m.naught.badRelease!, m.systemd.badRelease!]) {
      assert.equal(figures.exitCode, 1);
      assert.equal(figures.failed, 0);
      assert.equal(figures.afterwards, 'release v2', 'the release before the bad one still answers');
    }
    // pm2 waited listen_timeout for 'ready', then retired the old instances anyway.
    assert.equal(m.pm2.badRelease!.exitCode, 0);
    assert.ok(m.pm2.badRelease!.failed > 0);
    assert.equal(m.pm2.badRelease!.afterwards, 'ECONNREFUSED');
  });

  it('a crash: every manager starts a replacement; the lone process just exits', function () {
    for (const figures of [m.pm2, m.naught, m.systemd]) {
      assert.ok(figures.crash.replacementOnlineMs !== null && figures.crash.replacementOnlineMs > 0);
      assert.ok(figures.crash.crashedExitedMs > 0);
      assert.equal(figures.crash.failedDuringCrash, 0, 'the other worker kept answering');
    }
    assert.equal(m.container.crash.replacementOnlineMs, null);
    assert.ok(m.container.crash.crashedExitedMs > 0);
  });

  it('memory and clustering: a manager process plus 2 app processes each, 1 process in the container', function () {
    for (const figures of [m.pm2, m.naught, m.systemd]) {
      assert.ok(figures.managerRssMb !== null && figures.managerRssMb > 10 && figures.managerRssMb < 1000);
      assert.equal(figures.appRssMb.length, 2);
      assert.equal(figures.distinctPidsAnswering, 2);
    }
    assert.equal(m.container.managerRssMb, null);
    assert.equal(m.container.appRssMb.length, 1);
    assert.equal(m.container.distinctPidsAnswering, 1);
  });

  it('toMarkdown shows the measured figures, and the README holds a table of the same shape', function () {
    const table = toMarkdown(m);
    assert.ok(table.includes(`${m.naught.deploy!.failed} of ${m.naught.deploy!.requests} requests failed`));
    assert.ok(table.includes(`${m.pm2.managerRssMb!.toFixed(0)} MB manager`));
    const readme = fs.readFileSync(path.join(CHAPTER_DIR, 'README.md'), 'utf8');
    const rowLabels = (text: string): string[] =>
      text
        .split('\n')
        .filter((line) => line.startsWith('| '))
        .map((line) => line.split(' | ')[0] as string);
    const readmeTable = readme.slice(readme.indexOf('| | pm2 (cluster mode)'));
    assert.deepEqual(rowLabels(readmeTable).slice(0, rowLabels(table).length), rowLabels(table));
  });
});
