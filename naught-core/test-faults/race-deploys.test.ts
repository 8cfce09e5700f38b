// A deploy during a deploy: the second says `Deploy already in progress. Press Ctrl+C to abort.`, then follows
// the first to its end; its own deploy never runs. Ctrl+C on it aborts the running deploy with zero downtime.
import { strict as assert } from 'node:assert';
import { httpGet, LiveRun, useSandbox } from '../test/helpers/naught';
import { deployLines, ev, text } from '../test/helpers/expected-output';
import { recordOutcome } from './helpers/record';
import { assertDaemonServes, linesStartingWith, startServer, stopClean, useFbFixture, workersOf } from './helpers/fb-daemon';

const WORKERS = 2;
const IN_PROGRESS = 'Deploy already in progress. Press Ctrl+C to abort.';

describe('racing deploys', function () {
  this.timeout(120_000);
  const ctx = useSandbox();

  async function startWithMark(): Promise<{ daemon: number; env: NodeJS.ProcessEnv }> {
    useFbFixture(ctx.sandbox, 'fb-env-http.js');
    const env = { PORT: String(ctx.port), MARK: 'start' };
    return { daemon: await startServer(ctx.sandbox, WORKERS, env), env };
  }

  it('the second deploy reports the first, follows it to `done`, exit 0, and its own deploy never runs', async () => {
    const { daemon, env } = await startWithMark();
    const before = workersOf(daemon);
    // The first deploy's workers take 3 s to come online: the second arrives while they boot.
    const first = LiveRun.naught(ctx.sandbox, ['deploy'], { env: { ...env, MARK: 'first', ONLINE_DELAY_MS: '3000' }, timeoutMs: 60_000 });
    await first.waitForStderr(text(ev('SpawnNew', WORKERS, WORKERS, 0, 0)), 'both new workers spawned');
    const second = LiveRun.naught(ctx.sandbox, ['deploy'], { env: { ...env, MARK: 'second' }, timeoutMs: 60_000 });

    const [firstResult, secondResult] = await Promise.all([first.result, second.result]);
    assert.deepStrictEqual(firstResult, { stdout: '', stderr: text(...deployLines(WORKERS, WORKERS), 'done'), code: 0, signal: null });
    // What follows the message is the first deploy's remaining events: it ends as the first ends.
    const rest = deployLines(WORKERS, WORKERS).slice(WORKERS);
    assert.deepStrictEqual(secondResult, { stdout: '', stderr: text(IN_PROGRESS, ...rest, 'done'), code: 0, signal: null });

    const after = workersOf(daemon);
    assert.ok(after.length === WORKERS && after.every((pid) => !before.includes(pid)), 'one set of new workers');
    assert.equal(linesStartingWith(ctx.sandbox, 'naught.log', 'SpawnNew').length, 2 * WORKERS, 'workers spawned at boot and by one deploy only');
    assert.equal((await httpGet(ctx.port, '/env/MARK')).body, 'first', 'the workers are the first deploy’s: the second never ran');
    await assertDaemonServes(ctx.sandbox, daemon, WORKERS, env);
    await stopClean(ctx.sandbox, daemon, WORKERS);
    recordOutcome({
      area: 'race',
      fault: 'deploy during a deploy',
      point: 'first deploy’s new workers booting',
      outcome: 'second prints the in-progress message, follows the first to done (exit 0); only the first deploy ran',
      orphans: 0,
    });
  });

  it('Ctrl+C on the waiting second deploy aborts the first: both exit 1 saying so, the old workers keep serving', async () => {
    const { daemon, env } = await startWithMark();
    const before = workersOf(daemon);
    const first = LiveRun.naught(ctx.sandbox, ['deploy'], { env: { ...env, MARK: 'first', ONLINE_DELAY_MS: '5000' }, timeoutMs: 60_000 });
    await first.waitForStderr(text(ev('SpawnNew', WORKERS, WORKERS, 0, 0)), 'both new workers spawned');
    const second = LiveRun.naught(ctx.sandbox, ['deploy'], { env: { ...env, MARK: 'second' }, timeoutMs: 60_000 });
    await second.waitForStderr(IN_PROGRESS);
    second.child.kill('SIGINT');

    const [firstResult, secondResult] = await Promise.all([first.result, second.result]);
    for (const [name, result] of [['first', firstResult], ['second', secondResult]] as const) {
      assert.equal(result.code, 1, `${name}: ${JSON.stringify(result)}`);
      assert.ok(result.stderr.endsWith('deploy aborted\n'), `${name} says the deploy was aborted: ${JSON.stringify(result.stderr)}`);
    }
    assert.ok(secondResult.stderr.includes('aborting deploy\n'));
    assert.deepStrictEqual(workersOf(daemon), before, 'the old workers were never told to stop');
    assert.equal((await httpGet(ctx.port, '/env/MARK')).body, 'start', 'the old code serves');
    await assertDaemonServes(ctx.sandbox, daemon, WORKERS, env);
    await stopClean(ctx.sandbox, daemon, WORKERS);
    recordOutcome({
      area: 'race',
      fault: 'Ctrl+C on a deploy that found one in progress',
      point: 'first deploy’s new workers booting',
      outcome: 'the running deploy is aborted; both clients say "deploy aborted", exit 1; old workers untouched',
      orphans: 0,
    });
  });
});
