import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { systemdDemo, type SystemdDemo } from '../examples/03-systemd-unit';
import { drainTimeoutMs, parseHello } from '../lib/processes';
import { ensureSystemdAnalyze, localUnitValues, parseUnit, renderUnit, serviceValue, splitCommandLine, verifyUnit } from '../lib/systemd';
import { assertLoggedLikeReadme } from './readme-output';

describe('06 systemd: the unit, verified and played (examples/03-systemd-unit.ts)', function () {
  this.timeout(120_000);

  let demo: SystemdDemo;
  const logged: string[] = [];
  before(async function () {
    // Installs Debian's systemd package when systemd-analyze is missing (as `make ensure-systemd-analyze` does).
    this.timeout(600_000);
    ensureSystemdAnalyze();
    demo = await systemdDemo((line) => logged.push(line));
  });

  it('prints what README.md shows', function () {
    assertLoggedLikeReadme('03-systemd-unit.ts', logged);
  });

  it('the rendered unit passes systemd-analyze verify with nothing on stderr', function () {
    assert.equal(demo.verify.code, 0, demo.verify.stderr);
    assert.equal(demo.verify.stderr, '');
    assert.ok(!/\{\{\w+\}\}/.test(demo.unitText), 'every placeholder is filled in');
  });

  it('ExecStart blocks and serves, ExecReload deploys and returns 0 once done, ExecStop ends ExecStart with 0, SIGTERM too', function () {
    assert.deepEqual(demo.startCommand.slice(2, 6), ['start', '--daemon-mode', 'false', '--worker-count']);

    // ExecStart: the main process keeps running (it is naught, in the foreground) and serves v1 from 2 workers.
    assert.deepEqual(new Set(demo.before.map((body) => parseHello(body).release)), new Set(['v1']));
    assert.ok(demo.before.every((body) => /^naught worker [01]$/.test(parseHello(body).who)));

    // ExecReload: a deploy that waits for its result.
    assert.equal(demo.reload.code, 0, demo.reload.stdout + demo.reload.stderr);
    assert.match(demo.reload.stderr + demo.reload.stdout, /^done$/m);
    assert.deepEqual(new Set(demo.after.map((body) => parseHello(body).release)), new Set(['v2']));
    assert.ok(demo.mainAliveAfterReload, 'the main process survives a reload');

    // ExecStop: naught stop; the main process exits 0, so Restart=on-failure does not restart it.
    assert.equal(demo.stop.code, 0, demo.stop.stdout + demo.stop.stderr);
    assert.deepEqual(demo.mainExitAfterStop, { code: 0, signal: null });
    assert.deepEqual(demo.runtimeDirAfterStop, [], 'the socket and the pid file are removed');

    // SIGTERM to the main process only (KillMode=mixed): a clean stop, exit 0, workers gone.
    assert.equal(demo.workersBeforeSigterm.length, 2);
    assert.deepEqual(demo.sigterm, { code: 0, signal: null });
    assert.deepEqual(demo.workersLeftAfterSigterm, []);
    assert.match(demo.journal, /^Shutdown\. booting: 0, online: 0, dying: 0, new_online: 0$/m);
  });

  it('the unit keeps the settings the chapter explains, and its timeouts fit the drain', function () {
    const unit = parseUnit(renderUnit(localUnitValues('/srv/hello', 8080)));
    assert.equal(serviceValue(unit, 'KillMode'), 'mixed');
    assert.equal(serviceValue(unit, 'Restart'), 'on-failure');
    assert.equal(serviceValue(unit, 'WorkingDirectory'), '/srv/hello');
    assert.match(serviceValue(unit, 'Environment'), /\bPORT=8080\b/);
    assert.match(serviceValue(unit, 'ExecReload'), / deploy --timeout \d+ /);
    assert.match(serviceValue(unit, 'ExecStop'), / stop --timeout \d+ /);
    const stopTimeout = Number(/ stop --timeout (\d+) /.exec(serviceValue(unit, 'ExecStop'))?.[1]);
    const stopSec = Number(serviceValue(unit, 'TimeoutStopSec'));
    assert.ok(stopTimeout * 1000 > drainTimeoutMs(), 'naught stop waits longer than the app drains');
    assert.ok(stopSec > stopTimeout + 5, 'systemd waits longer than naught stop (and its SIGKILL grace)');
    const deployTimeout = Number(/ deploy --timeout (\d+) /.exec(serviceValue(unit, 'ExecReload'))?.[1]);
    assert.ok(Number(serviceValue(unit, 'TimeoutStartSec')) > deployTimeout);
  });

  it('systemd-analyze verify does complain about a bad key and a missing binary (so an empty stderr means something)', async function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ch06-verify-'));
    try {
      const good = renderUnit(localUnitValues(dir, 8080));
      const badKey = path.join(dir, 'badkey.service');
      fs.writeFileSync(badKey, good.replace('KillMode=mixed', 'KillMode=mixed\nKilMode=mixed'));
      const result = await verifyUnit(badKey);
      assert.match(result.stderr, /Unknown key( name)? 'KilMode'/);
      const badBinary = path.join(dir, 'badbinary.service');
      fs.writeFileSync(badBinary, good.split(localUnitValues(dir, 8080).NODE).join('/usr/bin/no-such-node'));
      const missing = await verifyUnit(badBinary);
      assert.notEqual(missing.code, 0);
      assert.match(missing.stderr, /no-such-node/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the command-line reader expands %t and refuses what it does not understand', function () {
    assert.deepEqual(splitCommandLine('/usr/bin/node a.js --ipc-file %t/hello/naught.ipc', '/run'), ['/usr/bin/node', 'a.js', '--ipc-file', '/run/hello/naught.ipc']);
    assert.throws(() => splitCommandLine('-/usr/bin/node a.js', '/run'), /absolute path/);
    assert.throws(() => splitCommandLine('/usr/bin/node "a b.js"', '/run'), /not supported/);
    assert.throws(() => splitCommandLine('/usr/bin/node $MAINPID', '/run'), /not supported/);
    assert.throws(() => splitCommandLine('/usr/bin/node %h/a.js', '/run'), /%h is not supported/);
  });
});
