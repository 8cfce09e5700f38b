import * as assert from 'node:assert/strict';
import { pm2Demo } from '../examples/01-pm2-cluster';
import { isAlive, parseHello } from '../lib/processes';
import { assertLoggedLikeReadme } from './readme-output';

describe('06 pm2: cluster mode from ecosystem.config.cjs (examples/01-pm2-cluster.ts)', function () {
  this.timeout(90_000);

  it('starts 2 instances, serves, reloads to the new release, and pm2 kill leaves nothing running; prints what README.md shows', async function () {
    const lines: string[] = [];
    const demo = await pm2Demo((line) => lines.push(line));

    assert.equal(demo.started.length, 2);
    for (const instance of demo.started) {
      assert.equal(instance.status, 'online');
      assert.equal(instance.execMode, 'cluster_mode');
    }
    const before = demo.before.map(parseHello);
    assert.deepEqual(new Set(before.map((answer) => answer.release)), new Set(['v1']));
    // Both instances answered: the pm2 daemon, as cluster primary, shares out the connections.
    assert.deepEqual(new Set(before.map((answer) => answer.pid)), new Set(demo.started.map((instance) => instance.pid)));
    assert.ok(before.every((answer) => /^pm2 instance [01]$/.test(answer.who)));

    // pm2 reload: new processes, new release, same daemon.
    const after = demo.after.map(parseHello);
    assert.deepEqual(new Set(after.map((answer) => answer.release)), new Set(['v2']));
    assert.deepEqual(new Set(after.map((answer) => answer.pid)), new Set(demo.reloaded.map((instance) => instance.pid)));
    for (const instance of demo.reloaded) assert.ok(!demo.started.some((old) => old.pid === instance.pid), 'a reload replaces every process');
    assert.ok(lines.includes('[PM2] [hello](0) ✓') && lines.includes('[PM2] [hello](1) ✓'), lines.join('\n'));

    // pm2 kill: the daemon and every instance are gone, and so are its sockets.
    assert.deepEqual(demo.leftAlive, []);
    assert.ok(!isAlive(demo.daemonPid));
    for (const instance of [...demo.started, ...demo.reloaded]) assert.ok(!isAlive(instance.pid), `pid ${instance.pid} still alive`);
    assert.ok(!demo.homeAfterKill.includes('rpc.sock') && !demo.homeAfterKill.includes('pub.sock'), demo.homeAfterKill.join(' '));
    assert.ok(lines.includes('[PM2] [v] PM2 Daemon Stopped'), lines.join('\n'));

    assertLoggedLikeReadme('01-pm2-cluster.ts', lines);
  });
});
