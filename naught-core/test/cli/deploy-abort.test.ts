import * as assert from 'node:assert/strict';
import { httpGet, LiveRun, sleep, useSandbox } from '../helpers/naught';
import { ev, stopLines, text } from '../helpers/expected-output';
import { workerPids } from '../helpers/processes';
import { expectRun, startDaemon } from '../helpers/cli-suite';

describe('naught deploy-abort and Ctrl+C on deploy', function () {
  const ctx = useSandbox();

  const start = (fixture: string): Promise<number> => startDaemon(ctx, fixture, 1, { hi: 'old' });

  /** GETs /hi every 50 ms until stopped; returns every answer (or error). */
  function keepAsking(): { stop: () => Promise<string[]> } {
    const answers: string[] = [];
    let running = true;
    const loop = (async () => {
      while (running) {
        try {
          answers.push((await httpGet(ctx.port, '/hi', 2_000)).body);
        } catch (error) {
          answers.push(`error: ${(error as Error).message}`);
        }
        await sleep(50);
      }
    })();
    return {
      stop: async () => {
        running = false;
        await loop;
        return answers;
      },
    };
  }

  it('says `no deploy in progress` (exit 1) when there is none, and `server not running` when nothing runs', async function () {
    expectRun(await ctx.sandbox.naught(['deploy-abort']), { stdout: '', stderr: 'server not running\n', code: 1 }, 'deploy-abort, not running');
    expectRun(await ctx.sandbox.naught(['deploy']), { stdout: '', stderr: 'server not running\n', code: 1 }, 'deploy, not running');
    await start('server-plain.js');
    expectRun(await ctx.sandbox.naught(['deploy-abort']), { stdout: '', stderr: 'no deploy in progress\n', code: 1 });
    expectRun(await ctx.sandbox.naught(['deploy-abort', 'naught.ipc']), { stdout: '', stderr: 'no deploy in progress\n', code: 1 });
    assert.equal((await httpGet(ctx.port, '/hi')).body, 'plain old');
    expectRun(await ctx.sandbox.naught(['status']), { stdout: 'workers online: 1\n', stderr: '', code: 0 });
    expectRun(await ctx.sandbox.naught(['stop']), { stdout: '', stderr: text(...stopLines(1)), code: 0 });
  });

  it('aborts a hanging deploy: its own output is the abort lines and `deploy aborted` (exit 0); the deploy prints `deploy aborted` (exit 1)', async function () {
    const daemon = await start('server-plain.js');
    const oldWorkers = workerPids(daemon);
    ctx.sandbox.useFixture('server-never-online.js');
    const asking = keepAsking();
    const deploy = LiveRun.naught(ctx.sandbox, ['deploy']);
    await deploy.waitForStderr(ev('SpawnNew', 1, 1, 0, 0));

    const aborted = await ctx.sandbox.naught(['deploy-abort']);
    const abortLines = [ev('DestroyNew', 0, 1, 0, 0), ev('NewDestroyed', 0, 1, 0, 0)];
    expectRun(aborted, { stdout: '', stderr: text(...abortLines, 'deploy aborted'), code: 0 }, 'deploy-abort');
    expectRun(await deploy.result, { stdout: '', stderr: text(ev('SpawnNew', 1, 1, 0, 0), ...abortLines, 'deploy aborted'), code: 1 }, 'the aborted deploy');

    const answers = await asking.stop();
    assert.ok(answers.length > 0);
    assert.deepEqual(new Set(answers), new Set(['plain old']), 'the old worker served throughout');
    assert.deepEqual(workerPids(daemon), oldWorkers);
    expectRun(await ctx.sandbox.naught(['status']), { stdout: 'workers online: 1\n', stderr: '', code: 0 });
    expectRun(await ctx.sandbox.naught(['deploy-abort']), { stdout: '', stderr: 'no deploy in progress\n', code: 1 });
    expectRun(await ctx.sandbox.naught(['stop']), { stdout: '', stderr: text(...stopLines(1)), code: 0 });
  });

  it('Ctrl+C on a deploy whose new workers hang: `aborting deploy`, DestroyNew ×2, NewDestroyed ×2, `deploy aborted`, exit 1', async function () {
    const daemon = await start('server-plain.js');
    const oldWorkers = workerPids(daemon);
    ctx.sandbox.useFixture('server-never-online.js');
    const asking = keepAsking();
    const deploy = LiveRun.naught(ctx.sandbox, ['deploy', '--worker-count', '2']);
    await deploy.waitForStderr(ev('SpawnNew', 2, 1, 0, 0));
    deploy.child.kill('SIGINT');
    expectRun(await deploy.result, {
      stdout: '',
      stderr: text(
        ev('SpawnNew', 1, 1, 0, 0),
        ev('SpawnNew', 2, 1, 0, 0),
        'aborting deploy',
        ev('DestroyNew', 1, 1, 0, 0),
        ev('DestroyNew', 0, 1, 0, 0),
        ev('NewDestroyed', 0, 1, 0, 0),
        ev('NewDestroyed', 0, 1, 0, 0),
        'deploy aborted',
      ),
      code: 1,
    });
    const answers = await asking.stop();
    assert.ok(answers.length > 0);
    assert.deepEqual(new Set(answers), new Set(['plain old']), 'the old worker served throughout');
    assert.deepEqual(workerPids(daemon), oldWorkers, 'the new workers are gone');
    expectRun(await ctx.sandbox.naught(['status']), { stdout: 'workers online: 1\n', stderr: '', code: 0 });
    expectRun(await ctx.sandbox.naught(['stop']), { stdout: '', stderr: text(...stopLines(1)), code: 0 });
  });
});
