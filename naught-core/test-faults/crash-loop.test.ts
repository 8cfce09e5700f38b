// A crash loop: a release whose workers die at once, before 'online', on
// every start (fa-die-at-once.js), in both worker slots. The restart policy
// (master/restart-policy.ts, manual 3.11) promises 100 ms, doubling per crash
// in a row of one worker index, capped at 10 s, one naught log line per
// delayed restart. Checked here from timestamps: the restart lines carry
// their own, and --log-timestamps stamps each worker's dying words in
// stderr.log, so the real delay (crash to next worker running) is measured,
// not assumed. Also: the manager's own CPU from /proc stays low (no busy
// loop), and `naught stop` in the middle of the loop leaves nothing.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { useSandbox, waitFor } from '../test/helpers/naught';
import { bootLines, text } from '../test/helpers/expected-output';
import { daemonPid } from '../test/helpers/processes';
import { EVENT_LINE, assertStoppedClean } from '../test/helpers/fixes-helpers';
import { recordOutcome } from './helpers/record';
import { fixtureEnv, useFaultFixture } from './helpers/kill-fixtures';
import { sigkill, waitForWorkerCount } from './helpers/kill-processes';
import { CpuWindow } from './helpers/load-proc';

const RESTART_LINE = /^(\S+) worker (\d+) crashed (\d+) times? in a row; restarting in (\d+) ms$/;
const DYING_WORDS = /^(\S+) worker (\d+) pid (\d+) dies at once$/;
/** Crashes in a row each index must reach before the stop: delays 100 ... 3200 ms (6.3 s of backoff). */
const CRASHES = 6;
/** A busy-looping manager would use a whole core (100 %); forking a worker now and then costs a few percent. */
const CPU_BOUND_PERCENT = 25;

interface Stamped {
  at: number;
  index: number;
}

function announced(k: number): number {
  return Math.min(10_000, 100 * 2 ** (k - 1));
}

describe('faults: crash loop', function () {
  this.timeout(90_000);
  const ctx = useSandbox();

  it('workers that die at once: delays of at least 100, 200, 400, 800, 1600, 3200 ms per index, low manager CPU, stop works mid-loop', async () => {
    const { sandbox, port } = ctx;
    useFaultFixture(sandbox, 'fa-die-at-once.js');
    const start = await sandbox.naught(['start', '--log-timestamps', 'true', '--worker-count', '2', 'server.js'], { env: fixtureEnv(port) });
    assert.deepStrictEqual(start, { stdout: 'workers online: 2\n', stderr: text(...bootLines(2)), code: 0, signal: null });
    const daemon = daemonPid(sandbox);
    const healthy = await waitForWorkerCount(daemon, 2);

    // From now on every new worker dies at once. Killing the two healthy ones (online < 3 s) starts both series.
    fs.writeFileSync(sandbox.path('die-at-once.flag'), 'on\n');
    const loopCpu = new CpuWindow(daemon);
    for (const worker of healthy) sigkill(worker);
    const restartLines = (): string[] => sandbox.read('naught.log').split('\n').filter((line) => RESTART_LINE.test(line));
    const reached = (index: number, k: number): boolean => restartLines().some((line) => line.includes(`worker ${index} crashed ${k} times in a row`));
    await waitFor(() => reached(0, CRASHES) && reached(1, CRASHES), 60_000, `both worker indices to crash ${CRASHES} times in a row`);
    const loop = loopCpu.read();
    // Both indices now wait 3.2 s before their next restart: the manager should be idle.
    const idleCpu = new CpuWindow(daemon);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const idle = idleCpu.read();

    const stop = await sandbox.naught(['stop'], { timeoutMs: 30_000 });
    assert.equal(stop.code, 0, `stop during the crash loop: ${JSON.stringify(stop)}`);
    assert.equal(stop.stdout, '');
    for (const line of stop.stderr.split('\n').filter(Boolean)) assert.match(line, EVENT_LINE);
    await assertStoppedClean(sandbox, daemon);

    // The schedule, per index, from the naught log.
    const restarts = restartLines().map((line) => {
      const [, stamp, index, k, delay] = RESTART_LINE.exec(line) as RegExpExecArray;
      return { at: Date.parse(stamp as string), index: Number(index), k: Number(k), delayMs: Number(delay) };
    });
    // When each next worker was running, from its dying words in stderr.log (stamped by the daemon on arrival).
    const dyingWords: Stamped[] = sandbox
      .read('stderr.log')
      .split('\n')
      .flatMap((line) => {
        const match = DYING_WORDS.exec(line);
        return match === null ? [] : [{ at: Date.parse(match[1] as string), index: Number(match[2]) }];
      });
    const observed: Record<number, number[]> = {};
    for (const index of [0, 1]) {
      const series = restarts.filter((restart) => restart.index === index);
      assert.ok(series.length >= CRASHES, `index ${index}: ${series.length} restart lines`);
      assert.deepStrictEqual(
        series.map((restart) => [restart.k, restart.delayMs]),
        series.map((_restart, i) => [i + 1, announced(i + 1)]),
        `index ${index}: crashes counted 1, 2, 3 ... with delays doubling from 100 ms`,
      );
      const words = dyingWords.filter((entry) => entry.index === index);
      observed[index] = [];
      for (let i = 0; i < series.length; i += 1) {
        const restart = series[i]!;
        const next = words[i];
        if (next === undefined) {
          // Only the last restart may still have been pending at the stop.
          assert.equal(i, series.length - 1, `index ${index}: no worker ran after restart ${restart.k}`);
          continue;
        }
        const delay = next.at - restart.at;
        assert.ok(delay >= restart.delayMs, `index ${index}, crash ${restart.k}: the next worker ran ${delay} ms later, before the ${restart.delayMs} ms delay`);
        const following = series[i + 1];
        if (following !== undefined) assert.ok(next.at <= following.at, `index ${index}: the worker after restart ${restart.k} died before crash ${following.k}`);
        observed[index]!.push(delay);
      }
      const delays = observed[index]!;
      assert.ok(delays[delays.length - 1]! > delays[0]! + 1_000, `index ${index}: the delays grow (${delays.join(', ')} ms)`);
    }
    assert.ok(loop.percent < CPU_BOUND_PERCENT, `the daemon used ${loop.percent} % of a core during the loop (${loop.cpuMs} ms in ${loop.wallMs} ms)`);
    assert.ok(idle.percent < CPU_BOUND_PERCENT, `the daemon used ${idle.percent} % of a core while waiting out the delays`);

    recordOutcome({
      area: 'crash loop',
      fault: 'workers die at once (before online), 2 worker indices',
      point: 'after both healthy workers were killed',
      outcome: `each index backs off 100 → ${announced(CRASHES)} ms (every real delay ≥ the announced one); manager CPU low; stop mid-loop exits 0, nothing left`,
      orphans: 0,
      figures: {
        announcedDelaysMs: restarts.filter((restart) => restart.index === 0).map((restart) => restart.delayMs),
        observedDelaysIndex0Ms: observed[0] ?? [],
        observedDelaysIndex1Ms: observed[1] ?? [],
        workersForked: dyingWords.length,
        managerCpuPercentDuringLoop: loop.percent,
        managerCpuMsDuringLoop: loop.cpuMs,
        loopWindowMs: loop.wallMs,
        managerCpuPercentWhileWaiting: idle.percent,
      },
    });
  });
});
