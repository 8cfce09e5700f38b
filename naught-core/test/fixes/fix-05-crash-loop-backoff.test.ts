// Fix 5: crash loops back off (100 ms doubling, capped at 10 s, each delayed restart logged); a healthy worker's first restart is immediate.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { descendantsOf, httpGet, sleep, useSandbox, waitFor } from '../helpers/naught';
import { bootLines, text } from '../helpers/expected-output';
import { daemonPid } from '../helpers/processes';
import { EVENT_LINE, assertStoppedClean, countLines } from '../helpers/fixes-helpers';

const RESTART_LINE = /^(\S+) (worker \d+ crashed \d+ times? in a row; restarting in \d+ ms)$/;
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;

describe('fix 5: crash-loop backoff', function () {
  this.timeout(90_000);
  const ctx = useSandbox();

  it('fix 5: restarts of a crash-looping worker are delayed 100, 200, 400 ... 10000 ms and logged; the first restart of a healthy worker is immediate; stop works mid-loop', async () => {
    // naught 1.6.0: it respawned a dying worker at once, every time: thousands of restarts a minute and no log line about them.
    ctx.sandbox.useFixture('fix-crash-loop.js');
    const start = await ctx.sandbox.naught(['start', 'server.js'], { env: { PORT: String(ctx.port) } });
    assert.deepStrictEqual(start, { stdout: 'workers online: 1\n', stderr: text(...bootLines(1)), code: 0, signal: null });
    const daemon = daemonPid(ctx.sandbox);

    // The worker has now been online for more than 3 s: a healthy one.
    await sleep(3_500);
    // From now on every new worker comes online and throws 50 ms later.
    fs.writeFileSync(ctx.sandbox.path('crash-loop.flag'), 'on\n');
    const healthy = Number((await httpGet(ctx.port, '/crash')).body);

    // 100+200+400+800+1600+3200+6400 ms of backoff later, the 8th consecutive crash is delayed by the 10 s cap.
    await waitFor(() => ctx.sandbox.read('naught.log').includes('restarting in 10000 ms'), 40_000, 'the restart delay to reach the 10 s cap');
    // The crashed worker is gone and no new one runs while the restart waits out its delay.
    let loopingWorkers = descendantsOf(daemon);
    await waitFor(() => (loopingWorkers = descendantsOf(daemon)).length === 0, 2_000, 'no worker during the 10 s delay').catch(() => undefined);

    // The next restart is 10 s away: stop now, during the loop.
    const stop = await ctx.sandbox.naught(['stop'], { timeoutMs: 30_000 });
    assert.equal(stop.code, 0, `stop exits 0 during a crash loop: ${JSON.stringify(stop)}`);
    assert.equal(stop.stdout, '');
    for (const line of stop.stderr.split('\n').filter(Boolean)) assert.match(line, EVENT_LINE);
    await assertStoppedClean(ctx.sandbox, daemon);
    assert.deepStrictEqual(loopingWorkers, [], 'no worker runs while the restart waits out its delay');

    const log = ctx.sandbox.read('naught.log').split('\n');
    assert.equal(log.pop(), '', 'the naught log ends with a newline');
    assert.match(log[log.length - 1], /^Shutdown\. booting: 0, online: 0, dying: 0, new_online: 0$/, 'the naught log ends with Shutdown');
    const firstDeath = log.findIndex((line) => line.startsWith('WorkerDeath. '));
    assert.ok(firstDeath > 0, `the healthy worker ${healthy}'s death is logged`);
    const before = log.slice(0, firstDeath);
    assert.ok(!before.some((line) => RESTART_LINE.test(line)), 'no restart line before the first crash');
    const loop = log.slice(firstDeath);

    // Split the log at each SpawnNew: the first part (the healthy worker's death) has no restart line.
    const parts: string[][] = [[]];
    for (const line of loop) {
      if (line.startsWith('SpawnNew. ')) parts.push([]);
      parts[parts.length - 1].push(line);
    }
    const restartLinesOf = (part: string[]): string[] => part.filter((line) => RESTART_LINE.test(line));
    assert.deepStrictEqual(restartLinesOf(parts[0]), [], 'the first restart of a worker that lived more than 3 s is immediate, with no restart line');
    assert.equal(countLines(parts[0].join('\n'), 'WorkerDeath. '), 1);

    const expectedDelays = [100, 200, 400, 800, 1600, 3200, 6400, 10000];
    const restartLines = loop.filter((line) => RESTART_LINE.test(line));
    assert.deepStrictEqual(
      restartLines.map((line) => RESTART_LINE.exec(line)?.[2]),
      expectedDelays.map((ms, i) => `worker 0 crashed ${i + 1} ${i === 0 ? 'time' : 'times'} in a row; restarting in ${ms} ms`),
      `the restart lines:\n${restartLines.join('\n')}`,
    );
    // One death per restart line plus the healthy one, one SpawnNew per restart that was due before the stop.
    assert.equal(countLines(loop.join('\n'), 'WorkerDeath. '), expectedDelays.length + 1, 'deaths: the healthy one and one per restart line');
    assert.equal(countLines(loop.join('\n'), 'SpawnNew. '), expectedDelays.length, 'spawns: the immediate one and one per delay served before the stop');
    let lastSpawn = -1;
    log.forEach((line, index) => {
      if (line.startsWith('SpawnNew. ')) lastSpawn = index;
    });
    const lastRestartLine = log.indexOf(restartLines[restartLines.length - 1]);
    assert.ok(lastSpawn < lastRestartLine, 'nothing was spawned after the 10 s delay began (the stop cancelled it)');

    // The timestamps: each crash comes at least the announced delay after the previous one.
    const times = restartLines.map((line) => {
      const stamp = RESTART_LINE.exec(line)?.[1] ?? '';
      assert.match(stamp, ISO_8601);
      return Date.parse(stamp);
    });
    for (let i = 1; i < times.length; i++) {
      const gap = times[i] - times[i - 1];
      assert.ok(gap >= expectedDelays[i - 1], `crash ${i + 1} came ${gap} ms after crash ${i}, less than the ${expectedDelays[i - 1]} ms delay`);
    }
    for (let i = 0; i < parts.length; i++) {
      for (const line of parts[i]) assert.ok(EVENT_LINE.test(line) || RESTART_LINE.test(line), `unexpected naught log line: ${line}`);
    }
  });
});
