import * as assert from 'node:assert/strict';
import { naughtDemo } from '../examples/02-naught-core';
import { isAlive, parseHello } from '../lib/processes';
import { assertLoggedLikeReadme } from './readme-output';

describe('06 naught-core: start, crash, deploy, stop (examples/02-naught-core.ts)', function () {
  this.timeout(60_000);

  it('serves from 2 workers, replaces a crashed one, deploys the new release and stops cleanly; prints what README.md shows', async function () {
    const lines: string[] = [];
    const demo = await naughtDemo((line) => lines.push(line));

    assert.match(demo.startOutput, /^workers online: 2$/m);
    const before = demo.before.map(parseHello);
    assert.deepEqual(new Set(before.map((answer) => answer.release)), new Set(['v1']));
    assert.deepEqual(new Set(before.map((answer) => answer.who)), new Set(['naught worker 0', 'naught worker 1']));

    // guardCrashes: 'offline', a replacement at once, then the crashed worker exits.
    const events = demo.crashLog.map((line) => line.split('.')[0]);
    assert.deepEqual(events.slice(0, 3), ['WorkerOffline', 'SpawnNew', 'WorkerOnline'], demo.crashLog.join('\n'));
    assert.ok(events.includes('WorkerDeath'), demo.crashLog.join('\n'));
    assert.match(demo.crashStderr, /ENOENT: no such file or directory, open 'does-not-exist\.txt'/);
    assert.equal(demo.afterCrash.length, 2);
    demo.afterCrash.forEach((body) => assert.equal(parseHello(body).release, 'v1'));

    // naught deploy: new workers first, then the old ones leave; 'done'.
    assert.match(demo.deployOutput, /^done$/m);
    assert.ok(demo.deployOutput.indexOf('NewOnline. booting: 0') < demo.deployOutput.indexOf('ShutdownOld.'), demo.deployOutput);
    const after = demo.after.map(parseHello);
    assert.deepEqual(new Set(after.map((answer) => answer.release)), new Set(['v2']));
    assert.equal(new Set(after.map((answer) => answer.pid)).size, 2);
    for (const answer of after) assert.ok(!before.some((old) => old.pid === answer.pid));

    // naught stop: every process gone, socket and pid file removed.
    assert.match(demo.stopOutput, /OldExit\. booting: 0, online: 0, dying: 0, new_online: 0/);
    assert.deepEqual(demo.leftAlive, []);
    assert.ok(!isAlive(demo.daemonPid));
    assert.ok(!demo.filesAfterStop.includes('naught.ipc') && !demo.filesAfterStop.includes('naught.pid'), demo.filesAfterStop.join(' '));

    assertLoggedLikeReadme('02-naught-core.ts', lines);
  });
});
