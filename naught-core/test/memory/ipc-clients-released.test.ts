// The daemon must not keep the ipc clients it has answered: a set of every client that ever asked for a deploy
// (written to, never read or emptied) kept each deploy's connection, socket and decoder for the daemon's life,
// so its memory grew with every deploy. Counted on the daemon's own heap, not through RSS.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { useSandbox, type Sandbox } from '../helpers/naught';
import { bootLines, deployLines, text } from '../helpers/expected-output';
import { daemonPid } from '../helpers/processes';
import { assertStoppedClean } from '../helpers/fixes-helpers';
import { countObjects, heapSnapshotOptions, takeHeapSnapshot } from './heap-snapshot';

const WARM_UP_DEPLOYS = 3;
const MORE_DEPLOYS = 30;
// `Connection` is the ipc server's record of one client (ipc/server.ts); `Socket` is node's, one per connection.
const KEPT_PER_CLIENT = ['Connection', 'Socket'] as const;
// A connection whose CLI has just exited may not be closed on the daemon's side yet, and an old worker's pipes
// may close just after its exit: a little slack, far below one object per deploy.
const SLACK = 4;

describe('memory: the daemon lets go of ipc clients', function () {
  this.timeout(300_000);
  const ctx = useSandbox();

  async function deploys(sandbox: Sandbox, env: NodeJS.ProcessEnv, count: number): Promise<void> {
    for (let i = 0; i < count; i += 1) {
      const deploy = await sandbox.naught(['deploy'], { env, timeoutMs: 60_000 });
      assert.deepStrictEqual(deploy, { stdout: '', stderr: text(...deployLines(2, 2), 'done'), code: 0, signal: null });
    }
  }

  it(`holds no more ipc connections or sockets after ${WARM_UP_DEPLOYS + MORE_DEPLOYS} deploys than after ${WARM_UP_DEPLOYS}`, async () => {
    const { sandbox } = ctx;
    sandbox.useFixture('fix-http.js');
    const heapDir = sandbox.path('heap');
    fs.mkdirSync(heapDir);
    const env = { PORT: String(ctx.port), NODE_OPTIONS: heapSnapshotOptions(heapDir) };
    const start = await sandbox.naught(['start', '--worker-count', '2', 'server.js'], { env, timeoutMs: 60_000 });
    assert.deepStrictEqual(start, { stdout: 'workers online: 2\n', stderr: text(...bootLines(2)), code: 0, signal: null });
    const daemon = daemonPid(sandbox);

    await deploys(sandbox, env, WARM_UP_DEPLOYS);
    const before = countObjects(await takeHeapSnapshot(daemon, heapDir), KEPT_PER_CLIENT);
    await deploys(sandbox, env, MORE_DEPLOYS);
    const after = countObjects(await takeHeapSnapshot(daemon, heapDir), KEPT_PER_CLIENT);

    for (const name of KEPT_PER_CLIENT) {
      assert.ok(
        after[name] <= before[name] + SLACK,
        `${name} objects on the daemon's heap: ${before[name]} after ${WARM_UP_DEPLOYS} deploys, ${after[name]} after ${MORE_DEPLOYS} more`,
      );
    }

    const stop = await sandbox.naught(['stop'], { timeoutMs: 60_000 });
    assert.equal(stop.code, 0, stop.stderr);
    await assertStoppedClean(sandbox, daemon);
  });
});
