import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { httpGet, LiveRun, useSandbox } from '../helpers/naught';
import { bootLines, DEPLOY_FAILED, deployLines, ev, ready, stopLines, text } from '../helpers/expected-output';
import { workerPids } from '../helpers/processes';
import { expectRun, expectSortedLines, startDaemon, waitForFileContent } from '../helpers/cli-suite';

describe('naught deploy', function () {
  const ctx = useSandbox();

  /** Several GETs, so every worker behind the shared port is likely asked. */
  async function bodies(urlPath: string, times = 6): Promise<string[]> {
    const seen: string[] = [];
    for (let i = 0; i < times; i += 1) seen.push((await httpGet(ctx.port, urlPath)).body);
    return seen;
  }

  it('deploys with the same count, more, fewer, `auto` and 0 (keep); new environment reaches the workers', async function () {
    await startDaemon(ctx, 'server-plain.js', 1, { hi: 'one' });
    assert.equal((await httpGet(ctx.port, '/hi')).body, 'plain one');

    expectRun(await ctx.sandbox.naught(['deploy'], { env: { hi: 'two' } }), { stdout: '', stderr: text(...deployLines(1, 1), 'done'), code: 0 }, 'same count');
    assert.equal((await httpGet(ctx.port, '/hi')).body, 'plain two');

    expectRun(await ctx.sandbox.naught(['deploy', '--worker-count', '2']), { stdout: '', stderr: text(...deployLines(2, 1), 'done'), code: 0 }, 'more');
    expectRun(await ctx.sandbox.naught(['status']), { stdout: 'workers online: 2\n', stderr: '', code: 0 });

    expectRun(await ctx.sandbox.naught(['deploy', '--worker-count', '1']), { stdout: '', stderr: text(...deployLines(1, 2), 'done'), code: 0 }, 'fewer');
    expectRun(await ctx.sandbox.naught(['status']), { stdout: 'workers online: 1\n', stderr: '', code: 0 });

    const cpus = os.cpus().length;
    expectRun(await ctx.sandbox.naught(['deploy', '--worker-count', 'auto']), { stdout: '', stderr: text(...deployLines(cpus, 1), 'done'), code: 0 }, 'auto');
    expectRun(await ctx.sandbox.naught(['status']), { stdout: `workers online: ${cpus}\n`, stderr: '', code: 0 });

    expectRun(await ctx.sandbox.naught(['deploy', '--worker-count', '0']), { stdout: '', stderr: text(...deployLines(cpus, cpus), 'done'), code: 0 }, '0 keeps the count');
    assert.deepEqual(new Set(await bodies('/hi')), new Set(['plain two']));

    expectRun(await ctx.sandbox.naught(['stop']), { stdout: '', stderr: text(...stopLines(cpus)), code: 0 });
  });

  it('--cwd changes the workers\' cwd; without it, the cwd is the directory `naught deploy` runs in', async function () {
    fs.mkdirSync(ctx.sandbox.path('release-2'));
    fs.mkdirSync(ctx.sandbox.path('release-3'));
    await startDaemon(ctx, 'server-plain.js', 1);
    assert.equal((await httpGet(ctx.port, '/cwd')).body, ctx.sandbox.dir);

    expectRun(await ctx.sandbox.naught(['deploy', '--cwd', 'release-2']), { stdout: '', stderr: text(...deployLines(1, 1), 'done'), code: 0 });
    assert.equal((await httpGet(ctx.port, '/cwd')).body, ctx.sandbox.path('release-2'));

    const fromElsewhere = await ctx.sandbox.naught(['deploy', ctx.sandbox.path('naught.ipc')], { cwd: ctx.sandbox.path('release-3') });
    expectRun(fromElsewhere, { stdout: '', stderr: text(...deployLines(1, 1), 'done'), code: 0 });
    assert.equal((await httpGet(ctx.port, '/cwd')).body, ctx.sandbox.path('release-3'));

    expectRun(await ctx.sandbox.naught(['stop']), { stdout: '', stderr: text(...stopLines(1)), code: 0 });
    assert.ok(ctx.sandbox.exists('naught.log') && !fs.existsSync(ctx.sandbox.path('release-3', 'naught.log')), 'logs stay where start put them');
  });

  it('--override-env true (the default) adds and changes variables and keeps the others; false keeps the start environment', async function () {
    await startDaemon(ctx, 'server-plain.js', 1, { hi: 'a', KEEP_ME: 'kept' });
    assert.equal((await httpGet(ctx.port, '/env/ADDED_VAR')).body, 'unset');

    expectRun(await ctx.sandbox.naught(['deploy'], { env: { hi: 'b', ADDED_VAR: 'x' } }), { stdout: '', stderr: text(...deployLines(1, 1), 'done'), code: 0 });
    assert.equal((await httpGet(ctx.port, '/hi')).body, 'plain b');
    assert.equal((await httpGet(ctx.port, '/env/ADDED_VAR')).body, 'set:x');
    assert.equal((await httpGet(ctx.port, '/env/KEEP_ME')).body, 'set:kept');

    expectRun(await ctx.sandbox.naught(['deploy', '--override-env', 'true'], { env: { hi: 'c' } }), { stdout: '', stderr: text(...deployLines(1, 1), 'done'), code: 0 });
    assert.equal((await httpGet(ctx.port, '/hi')).body, 'plain c');
    assert.equal((await httpGet(ctx.port, '/env/ADDED_VAR')).body, 'set:x', 'variables are never removed');
    assert.equal((await httpGet(ctx.port, '/env/KEEP_ME')).body, 'set:kept');

    expectRun(await ctx.sandbox.naught(['deploy', '--override-env', 'false'], { env: { hi: 'd', OTHER_VAR: 'y' } }), { stdout: '', stderr: text(...deployLines(1, 1), 'done'), code: 0 });
    assert.equal((await httpGet(ctx.port, '/hi')).body, 'plain c');
    assert.equal((await httpGet(ctx.port, '/env/OTHER_VAR')).body, 'unset');
    assert.equal((await httpGet(ctx.port, '/env/KEEP_ME')).body, 'set:kept');

    expectRun(await ctx.sandbox.naught(['stop']), { stdout: '', stderr: text(...stopLines(1)), code: 0 });
  });

  it('a new worker that crashes fails the deploy (NewDeath, Deploy failed on stdout, exit 1); the old worker keeps serving', async function () {
    await startDaemon(ctx, 'server-plain.js', 1, { hi: 'old' });
    ctx.sandbox.useFixture('server-crash-at-boot.js');
    const failed = await ctx.sandbox.naught(['deploy'], { env: { hi: 'new' } });
    expectRun(failed, { stdout: `${DEPLOY_FAILED}\n`, stderr: text(ev('SpawnNew', 1, 1, 0, 0), ev('NewDeath', 0, 1, 0, 0)), code: 1 });
    assert.equal((await httpGet(ctx.port, '/hi')).body, 'plain old');
    expectRun(await ctx.sandbox.naught(['status']), { stdout: 'workers online: 1\n', stderr: '', code: 0 });
    await waitForFileContent(ctx.sandbox.path('naught.log'), `${ev('DeployFailed', 0, 1, 0, 0)}\n`);
    expectRun(await ctx.sandbox.naught(['stop']), { stdout: '', stderr: text(...stopLines(1)), code: 0 });
  });

  it('one crashing new worker out of two: NewDeath, DestroyNew/NewDestroyed for the other, Deploy failed; the old workers keep serving', async function () {
    const daemon = await startDaemon(ctx, 'server-plain.js', 2, { hi: 'old' });
    const oldWorkers = workerPids(daemon).sort();
    ctx.sandbox.useFixture('server-crash-second.js');
    const failed = await ctx.sandbox.naught(['deploy']);
    expectRun(failed, {
      stdout: `${DEPLOY_FAILED}\n`,
      stderr: text(
        ev('SpawnNew', 1, 2, 0, 0),
        ev('SpawnNew', 2, 2, 0, 0),
        ev('NewOnline', 1, 2, 0, 1),
        ev('NewDeath', 0, 2, 0, 1),
        ev('DestroyNew', 0, 2, 0, 0),
        ev('NewDestroyed', 0, 2, 0, 0),
      ),
      code: 1,
    });
    assert.deepEqual(new Set(await bodies('/hi')), new Set(['plain old']));
    assert.deepEqual(workerPids(daemon).sort(), oldWorkers, 'only the old workers are left');
    expectRun(await ctx.sandbox.naught(['status']), { stdout: 'workers online: 2\n', stderr: '', code: 0 });
    expectRun(await ctx.sandbox.naught(['stop']), { stdout: '', stderr: text(...stopLines(2)), code: 0 });
  });

  it('--timeout while new workers never come online: Timeout, DestroyNew ×2, NewDestroyed ×2, Deploy failed; the old worker keeps serving', async function () {
    const daemon = await startDaemon(ctx, 'server-plain.js', 1, { hi: 'old' });
    const oldWorkers = workerPids(daemon);
    ctx.sandbox.useFixture('server-never-online.js');
    const failed = await ctx.sandbox.naught(['deploy', '--worker-count', '2', '--timeout', '0.5']);
    expectRun(failed, {
      stdout: `${DEPLOY_FAILED}\n`,
      stderr: text(
        ev('SpawnNew', 1, 1, 0, 0),
        ev('SpawnNew', 2, 1, 0, 0),
        ev('Timeout', 2, 1, 0, 0),
        ev('DestroyNew', 1, 1, 0, 0),
        ev('DestroyNew', 0, 1, 0, 0),
        ev('NewDestroyed', 0, 1, 0, 0),
        ev('NewDestroyed', 0, 1, 0, 0),
      ),
      code: 1,
    });
    assert.equal((await httpGet(ctx.port, '/hi')).body, 'plain old');
    assert.deepEqual(workerPids(daemon), oldWorkers);
    expectRun(await ctx.sandbox.naught(['status']), { stdout: 'workers online: 1\n', stderr: '', code: 0 });
    expectRun(await ctx.sandbox.naught(['stop']), { stdout: '', stderr: text(...stopLines(1)), code: 0 });
  });

  it('--timeout while an old worker ignores shutdown: Timeout, DestroyOld, OldExit, Deploy failed; the new worker serves', async function () {
    await startDaemon(ctx, 'server-ignore-shutdown.js', 1, { hi: 'old' });
    ctx.sandbox.useFixture('server-plain.js');
    const failed = await ctx.sandbox.naught(['deploy', '--timeout', '2'], { env: { hi: 'new' } });
    expectRun(failed, {
      stdout: `${DEPLOY_FAILED}\n`,
      stderr: text(
        ev('SpawnNew', 1, 1, 0, 0),
        ev('NewOnline', 0, 1, 0, 1),
        ev('ShutdownOld', 0, 0, 1, 1),
        ev('Timeout', 0, 0, 1, 1),
        ev('DestroyOld', 0, 0, 1, 1),
        ev('OldExit', 0, 0, 0, 1),
      ),
      code: 1,
    });
    assert.equal((await httpGet(ctx.port, '/hi')).body, 'plain new');
    expectRun(await ctx.sandbox.naught(['status']), { stdout: 'workers online: 1\n', stderr: '', code: 0 });
    expectRun(await ctx.sandbox.naught(['stop']), { stdout: '', stderr: text(...stopLines(1)), code: 0 });
  });

  it('a second deploy is told `Deploy already in progress. Press Ctrl+C to abort.` and keeps waiting; its Ctrl+C aborts the first', async function () {
    await startDaemon(ctx, 'server-plain.js', 1, { hi: 'old' });
    ctx.sandbox.useFixture('server-never-online.js');
    const first = LiveRun.naught(ctx.sandbox, ['deploy']);
    await first.waitForStderr(ev('SpawnNew', 1, 1, 0, 0));
    const second = LiveRun.naught(ctx.sandbox, ['deploy']);
    await second.waitForStderr('Deploy already in progress. Press Ctrl+C to abort.\n');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.ok(second.running, 'the second deploy keeps waiting');
    assert.equal(first.stderr, text(ev('SpawnNew', 1, 1, 0, 0)), 'the refusal went to the second client only');
    assert.equal((await httpGet(ctx.port, '/hi')).body, 'plain old');

    second.child.kill('SIGINT');
    const abortLines = [ev('DestroyNew', 0, 1, 0, 0), ev('NewDestroyed', 0, 1, 0, 0)];
    expectRun(await second.result, {
      stdout: '',
      stderr: text('Deploy already in progress. Press Ctrl+C to abort.', 'aborting deploy', ...abortLines, 'deploy aborted'),
      code: 1,
    }, 'the second deploy (Ctrl+C)');
    expectRun(await first.result, { stdout: '', stderr: text(ev('SpawnNew', 1, 1, 0, 0), ...abortLines, 'deploy aborted'), code: 1 }, 'the first deploy');
    assert.equal((await httpGet(ctx.port, '/hi')).body, 'plain old');
    expectRun(await ctx.sandbox.naught(['status']), { stdout: 'workers online: 1\n', stderr: '', code: 0 });
    expectRun(await ctx.sandbox.naught(['stop']), { stdout: '', stderr: text(...stopLines(1)), code: 0 });
  });

  it("a deploy while a worker is dying after 'offline' replaces only the online one and does not wait for the dying one", async function () {
    const daemon = await startDaemon(ctx, 'server-double-offline.js', 1);
    const [dyingWorker] = workerPids(daemon);
    assert.equal((await httpGet(ctx.port, '/double-offline')).body, 'offline twice');
    await waitForFileContent(ctx.sandbox.path('naught.log'), ev('Ready', 0, 1, 1, 0));
    expectRun(await ctx.sandbox.naught(['deploy']), {
      stdout: '',
      stderr: text(
        ev('SpawnNew', 1, 1, 1, 0),
        ev('NewOnline', 0, 1, 1, 1),
        ev('ShutdownOld', 0, 0, 2, 1),
        ev('OldExit', 0, 0, 1, 1),
        'done',
      ),
      code: 0,
    });
    assert.ok(workerPids(daemon).includes(dyingWorker), 'the offline worker is still allowed to finish');
    expectRun(await ctx.sandbox.naught(['status']), { stdout: 'workers online: 1\n', stderr: '', code: 0 });
    expectRun(await ctx.sandbox.naught(['stop']), { stdout: '', stderr: text(ev('ShutdownOld', 0, 0, 2, 0), ev('OldExit', 0, 0, 1, 0)), code: 0 });
  });

  it('SIGHUP to the daemon deploys with the same worker count', async function () {
    const daemon = await startDaemon(ctx, 'server-plain.js', 2, { hi: 'same' });
    const before = workerPids(daemon).sort();
    process.kill(daemon, 'SIGHUP');
    const log = await waitForFileContent(ctx.sandbox.path('naught.log'), 'Ready.', 2);
    assert.equal(log, text(...bootLines(2), ready(2), ...deployLines(2, 2), ready(2)));
    const after = workerPids(daemon).sort();
    assert.equal(after.length, 2);
    assert.ok(after.every((pid) => !before.includes(pid)), 'new workers');
    assert.deepEqual(new Set(await bodies('/hi')), new Set(['plain same']));
    expectRun(await ctx.sandbox.naught(['stop']), { stdout: '', stderr: text(...stopLines(2)), code: 0 });
  });

  it('keeps NAUGHT_WORKER indices 0..n-1 across deploys', async function () {
    await startDaemon(ctx, 'server-argv.js', 4);
    const stdoutLog = ctx.sandbox.path('stdout.log');
    await expectSortedLines(stdoutLog, ['worker #0', 'worker #1', 'worker #2', 'worker #3']);

    expectRun(await ctx.sandbox.naught(['deploy']), { stdout: '', stderr: text(...deployLines(4, 4), 'done'), code: 0 });
    await expectSortedLines(stdoutLog, ['worker #0', 'worker #0', 'worker #1', 'worker #1', 'worker #2', 'worker #2', 'worker #3', 'worker #3']);

    expectRun(await ctx.sandbox.naught(['deploy', '--worker-count', '2']), { stdout: '', stderr: text(...deployLines(2, 4), 'done'), code: 0 });
    await expectSortedLines(stdoutLog, [
      'worker #0', 'worker #0', 'worker #0', 'worker #1', 'worker #1', 'worker #1', 'worker #2', 'worker #2', 'worker #3', 'worker #3',
    ]);
    for (const index of await bodies('/worker', 8)) assert.ok(index === '0' || index === '1', `worker index ${index}`);
    expectRun(await ctx.sandbox.naught(['stop']), { stdout: '', stderr: text(...stopLines(2)), code: 0 });
  });
});
