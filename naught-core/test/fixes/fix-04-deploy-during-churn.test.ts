// Fix 4: a deploy while a worker is restarting or dying, or an old worker dying mid-deploy, never crashes the master.
import { strict as assert } from 'node:assert';
import {
  LiveRun,
  type RunResult,
  type SandboxContext,
  descendantsOf,
  httpGet,
  isAlive,
  useSandbox,
  waitFor,
} from '../helpers/naught';
import { DEPLOY_FAILED, bootLines, ev, stopLines, text } from '../helpers/expected-output';
import { daemonPid } from '../helpers/processes';
import { EVENT_LINE, assertStoppedClean } from '../helpers/fixes-helpers';

/** The deploy either completed (`done`, exit 0) or failed cleanly (the Deploy failed line, exit 1). */
function assertDeployCompletedOrFailedCleanly(result: RunResult): void {
  const lines = result.stderr.split('\n');
  assert.equal(lines.pop(), '', `stderr ends with a newline: ${JSON.stringify(result.stderr)}`);
  assert.equal(result.signal, null);
  if (result.code === 0) {
    assert.equal(result.stdout, '');
    assert.equal(lines.pop(), 'done', `a successful deploy ends with done:\n${result.stderr}`);
  } else {
    assert.equal(result.code, 1, `a failed deploy exits 1:\n${result.stdout}${result.stderr}`);
    assert.equal(result.stdout, `${DEPLOY_FAILED}\n`);
  }
  for (const line of lines) assert.match(line, EVENT_LINE);
}

/** The daemon stayed up, settles on exactly two serving workers, and stops cleanly. */
async function assertRecoversAndStops({ sandbox, port }: SandboxContext, daemon: number): Promise<void> {
  assert.ok(isAlive(daemon), 'the daemon is still running');
  assert.equal(daemonPid(sandbox), daemon, 'the pid file still names the same daemon');
  let last = '';
  await waitFor(
    async () => {
      const status = await sandbox.naught(['status']);
      last = JSON.stringify(status);
      return status.code === 0 && status.stdout === 'workers online: 2\n' && status.stderr === '';
    },
    15_000,
    'status to report 2 workers online',
  ).catch(() => {
    throw new Error(`status never settled on "workers online: 2"; last answer: ${last}`);
  });
  await waitFor(() => descendantsOf(daemon).length === 2, 10_000, 'exactly 2 worker processes').catch(() => {
    throw new Error(`the daemon's processes never settled on 2 workers: ${descendantsOf(daemon).join(', ')}`);
  });
  const workers = descendantsOf(daemon);
  const answer = await httpGet(port, '/pid');
  assert.ok(workers.includes(Number(answer.body)), `answer from ${answer.body}, not one of ${workers.join(', ')}`);

  const stop = await sandbox.naught(['stop']);
  assert.deepStrictEqual(stop, { stdout: '', stderr: text(...stopLines(2)), code: 0, signal: null });
  await assertStoppedClean(sandbox, daemon);
}

/**
 * Test precondition, read from the naught log: after the boot, the first line
 * starting with `from` comes before the first line starting with `until`, with
 * no `Ready` between them (the deploy began before the churn had settled).
 */
function assertChurnOverlapsDeploy(log: string, from: string, until: string): void {
  const lines = log.split('\n');
  const boot = lines.findIndex((line) => line.startsWith('Ready. '));
  const start = lines.findIndex((line, i) => i > boot && line.startsWith(from));
  const end = lines.findIndex((line, i) => i > start && line.startsWith(until));
  assert.ok(boot >= 0 && start > boot, `precondition: the naught log shows ${from} after the boot:\n${log}`);
  const between = lines.slice(start + 1, end === -1 ? undefined : end);
  assert.ok(
    !between.some((line) => line.startsWith('Ready. ')),
    `precondition: the deploy began while the worker churn (${from}) was in progress, before any Ready:\n${log}`,
  );
}

describe('fix 4: deploys during worker churn', function () {
  this.timeout(60_000);
  const ctx = useSandbox();

  beforeEach(() => {
    ctx.sandbox.useFixture('fix-unstable.js');
  });

  async function start(onlineDelayMs: number): Promise<number> {
    const env = { PORT: String(ctx.port), ONLINE_DELAY_MS: String(onlineDelayMs) };
    const result = await ctx.sandbox.naught(['start', '--worker-count', '2', 'server.js'], { env });
    assert.deepStrictEqual(result, { stdout: 'workers online: 2\n', stderr: text(...bootLines(2)), code: 0, signal: null });
    return daemonPid(ctx.sandbox);
  }

  it('fix 4: a deploy while a crashed worker is being restarted', async () => {
    // naught 1.6.0: deployStart asserted `booting.count === 0`; the restarting worker made the master throw and die.
    const daemon = await start(700);
    const crashed = Number((await httpGet(ctx.port, '/crash')).body);
    // The replacement takes 700 ms to come online (after any backoff): the deploy arrives while it restarts.
    const deploy = await ctx.sandbox.naught(['deploy', '--worker-count', '2'], { env: { PORT: String(ctx.port), ONLINE_DELAY_MS: '700' }, timeoutMs: 30_000 });
    assertDeployCompletedOrFailedCleanly(deploy);
    assert.ok(!isAlive(crashed), `the crashed worker ${crashed} is gone`);
    assertChurnOverlapsDeploy(ctx.sandbox.read('naught.log'), 'WorkerDeath. ', 'NewOnline. ');
    await assertRecoversAndStops(ctx, daemon);
  });

  it("fix 4: a deploy while a worker that sent 'offline' is still dying", async () => {
    // naught 1.6.0: the replacement spawned on 'offline' was booting, so the deploy's assertion crashed the master (and a dying worker that exited mid-deploy was never counted out).
    const daemon = await start(700);
    const offline = Number((await httpGet(ctx.port, '/offline')).body);
    // That worker lingers 1.5 s before exiting; its replacement needs 700 ms to come online.
    const deploy = await ctx.sandbox.naught(['deploy', '--worker-count', '2'], { env: { PORT: String(ctx.port), ONLINE_DELAY_MS: '700' }, timeoutMs: 30_000 });
    assertDeployCompletedOrFailedCleanly(deploy);
    await waitFor(() => !isAlive(offline), 10_000, `the offline worker ${offline} to exit`);
    assertChurnOverlapsDeploy(ctx.sandbox.read('naught.log'), 'WorkerOffline. ', 'NewOnline. ');
    await assertRecoversAndStops(ctx, daemon);
  });

  it('fix 4: an old worker that crashes in the middle of a deploy', async () => {
    // naught 1.6.0: the master ignored exits during a deploy, then sent 'shutdown' to the dead worker: the master threw (or the deploy waited forever).
    const daemon = await start(0);
    const oldWorkers = descendantsOf(daemon);
    // The new workers take 1.5 s to come online and listen only then: /crash reaches an old worker.
    const deploy = LiveRun.naught(ctx.sandbox, ['deploy', '--worker-count', '2'], { env: { PORT: String(ctx.port), ONLINE_DELAY_MS: '1500' }, timeoutMs: 30_000 });
    await deploy.waitForStderr(text(ev('SpawnNew', 2, 2, 0, 0)), 'both new workers spawned');
    const crashed = Number((await httpGet(ctx.port, '/crash')).body);
    assert.ok(oldWorkers.includes(crashed), `/crash reached old worker (${crashed} of ${oldWorkers.join(', ')})`);
    assertDeployCompletedOrFailedCleanly(await deploy.result);
    assert.ok(!isAlive(crashed), `the crashed worker ${crashed} is gone`);
    const log = ctx.sandbox.read('naught.log');
    const death = log.indexOf('\nWorkerDeath. ');
    const firstNewOnline = log.indexOf('\nNewOnline. ', log.indexOf('\nReady. '));
    assert.ok(death > 0 && (firstNewOnline === -1 || death < firstNewOnline), `precondition: the old worker's death is logged before the new workers came online:\n${log}`);
    await assertRecoversAndStops(ctx, daemon);
  });
});
