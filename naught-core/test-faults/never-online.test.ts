// A release whose workers never come online, deployed with `--timeout 1`
// under load. naught-core promises (manual 3.4): no old worker is asked to
// leave before every new one is online, and a timed-out deploy kills the new
// workers and leaves the old ones serving. So: the documented Timeout lines,
// `Deploy failed...`, exit 1, the old workers and count unchanged, and the
// load sees nothing of it.
import { strict as assert } from 'node:assert';
import { LiveRun, useSandbox } from '../test/helpers/naught';
import { DEPLOY_FAILED, ev, text } from '../test/helpers/expected-output';
import { waitForDeath } from '../test/helpers/processes';
import { recordOutcome } from './helpers/record';
import { EventLog } from './helpers/kill-event-log';
import { fixtureEnv, type Holds, setHolds, useFaultFixture } from './helpers/kill-fixtures';
import { waitForNewWorkers, waitForWorkerCount } from './helpers/kill-processes';
import { describeFailures, startFreshConnectionProbe, useLoadCleanup, type ProbeResult } from './helpers/load-timed';
import { assertTwoOnline, releaseHoldsAndStop, startLoadAndWaitForFlow, startTwoWorkers, stopLoadAfterMoreAnswers } from './helpers/kill-scenario';
import type { LoadSummary } from '../bench/load';

const TIMEOUT_LINES = text(
  ev('SpawnNew', 1, 2, 0, 0),
  ev('SpawnNew', 2, 2, 0, 0),
  ev('Timeout', 2, 2, 0, 0),
  ev('DestroyNew', 1, 2, 0, 0),
  ev('DestroyNew', 0, 2, 0, 0),
  ev('NewDestroyed', 0, 2, 0, 0),
  ev('NewDestroyed', 0, 2, 0, 0),
);

describe('faults: workers that never come online (deploy --timeout 1)', function () {
  this.timeout(90_000);
  const loads = useLoadCleanup();
  const ctx = useSandbox();

  /**
   * Starts 2 good workers, runs `deploy --timeout 1` of a release with
   * `holds` under load, checks the documented failure and that the old
   * workers are the ones serving afterwards; returns the load's summary.
   */
  async function timedOutDeploy(holds: Holds): Promise<{ summary: LoadSummary; probe: ProbeResult; newWorkers: number[]; deployMs: number }> {
    const { sandbox, port } = ctx;
    useFaultFixture(sandbox, 'fa-hold.js');
    const env = fixtureEnv(port);
    const { daemon, workers } = await startTwoWorkers(sandbox, env);
    const oldWorkers = workers.sort();
    const load = await startLoadAndWaitForFlow(loads, port, 200);

    setHolds(sandbox, holds);
    const log = new EventLog(sandbox);
    const mark = await log.markWhenIdle();
    const startedAt = Date.now();
    const deploy = LiveRun.naught(sandbox, ['deploy', '--timeout', '1'], { env });
    // New connections during the deploy too: the keep-alive load stays on the connections it opened first.
    const probing = startFreshConnectionProbe(port);
    await log.waitForEvent('SpawnNew', 2, mark);
    const newWorkers = await waitForNewWorkers(daemon, oldWorkers, 2);
    const result = await deploy.result;
    const deployMs = Date.now() - startedAt;
    const probe = await probing.stop();
    assert.deepStrictEqual(result, { stdout: `${DEPLOY_FAILED}\n`, stderr: TIMEOUT_LINES, code: 1, signal: null });
    assert.ok(deployMs >= 1_000, `the deploy waited its timeout (${deployMs} ms)`);
    await waitForDeath(newWorkers, 'the new workers to be gone');

    const summary = await stopLoadAfterMoreAnswers(load, 200, 'the old workers to keep answering');
    await assertTwoOnline(sandbox);
    assert.deepStrictEqual((await waitForWorkerCount(daemon, 2)).sort(), oldWorkers, 'the old workers are the ones left');
    assert.deepStrictEqual(
      log.eventsSince(mark).filter((name) => name !== 'Status'),
      ['SpawnNew', 'SpawnNew', 'Timeout', 'DestroyNew', 'DestroyNew', 'NewDestroyed', 'NewDestroyed', 'DeployFailed'],
    );
    await releaseHoldsAndStop(sandbox, daemon);
    return { summary, probe, newWorkers, deployMs };
  }

  it('new workers that never listen: Timeout, DestroyNew ×2, Deploy failed; the old workers serve throughout, 0 failed, 0 lost in flight', async () => {
    const { summary, probe, deployMs } = await timedOutDeploy({ onlineMs: 600_000 });
    assert.deepStrictEqual(
      { failed: summary.failed, lostInFlight: summary.lostInFlight, probeFailed: probe.failed },
      { failed: 0, lostInFlight: 0, probeFailed: 0 },
      `the old workers kept serving: ${describeFailures(summary.samples.filter((sample) => !sample.ok))}`,
    );
    assert.ok(probe.ok > 0, 'new connections were answered during the deploy');
    recordOutcome({
      area: 'never online',
      fault: 'new workers never come online (never listen)',
      point: 'deploy --timeout 1, 2 old workers, under load',
      outcome: 'Timeout, DestroyNew ×2, NewDestroyed ×2, Deploy failed (exit 1); status workers online: 2 (the old ones); zero downtime',
      requests: summary.requests + probe.ok + probe.failed,
      failedRequests: summary.failed + probe.failed,
      lostInFlight: summary.lostInFlight,
      orphans: 0,
      figures: { deployMs, keepAliveRequests: summary.requests, freshConnectionRequests: probe.ok + probe.failed },
    });
  });

  it('new workers that listen but never say online: the same documented failure, old workers and count kept; what cluster routed to them is counted', async () => {
    // cluster hands new connections to every worker that listens, online or not; when the timed-out new
    // workers are destroyed (SIGTERM), whatever they hold goes with them. naught-core promises the lines, the
    // old workers and the count here, not the requests a worker took without saying 'online'.
    const { summary, probe, newWorkers, deployMs } = await timedOutDeploy({ forgetOnline: true });
    const answeredByNew = newWorkers.reduce((sum, pid) => sum + (probe.answersByPid.get(pid) ?? 0), 0);
    recordOutcome({
      area: 'never online',
      fault: "new workers listen but never say 'online'",
      point: 'deploy --timeout 1, 2 old workers, under load',
      outcome: `same lines, exit 1, old workers kept (status workers online: 2); cluster routed ${answeredByNew} of ${probe.ok + probe.failed} new connections to the never-online workers`,
      requests: summary.requests + probe.ok + probe.failed,
      failedRequests: summary.failed + probe.failed,
      lostInFlight: summary.lostInFlight,
      orphans: 0,
      figures: { deployMs, freshConnectionRequests: probe.ok + probe.failed, answeredByNeverOnlineWorkers: answeredByNew, freshConnectionFailures: probe.failed },
    });
  });
});
