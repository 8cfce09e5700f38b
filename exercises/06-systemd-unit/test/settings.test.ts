/**
 * Exercise 06, the unit's settings: read from the file (rewritten for a
 * temporary /srv/myapp, see play-systemd.ts) and checked by systemd-analyze.
 * systemctl.test.ts then runs its commands.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { freePort } from '../../../chapters/06-pm2-vs-naught-vs-systemd/lib/processes';
import { ensureSystemdAnalyze, verifyUnit } from '../../../chapters/06-pm2-vs-naught-vs-systemd/lib/systemd';
import { subjectPath } from '../../shared/subject';
import { INSTALL_DIR, NAUGHT_CLI, option, PlayedService } from './play-systemd';
import { parseTimeSpan, serviceValue, serviceValues, type ExecCommand } from './unit-file';

const EXERCISE_DIR = path.resolve(__dirname, '..');

describe('exercise 06: the unit\'s settings (myapp.service)', function () {
  this.timeout(60_000);
  let service: PlayedService;

  before(async function () {
    this.timeout(600_000); // the first run may install Debian's systemd package for systemd-analyze
    ensureSystemdAnalyze();
    service = new PlayedService(fs.readFileSync(subjectPath(EXERCISE_DIR, 'myapp.service'), 'utf8'), await freePort());
  });

  after(async () => {
    await service?.cleanUp();
  });

  /** A command's lines, read with any $MAINPID: these checks only read them. */
  function command(key: 'ExecStart' | 'ExecReload' | 'ExecStop'): ExecCommand[] {
    return service.commands(key, 12345);
  }

  it('passes `systemd-analyze verify` without a single warning', async () => {
    const result = await verifyUnit(service.unitPath);
    const output = service.asWritten(result.stderr.trim());
    assert.equal(result.code, 0, `systemd-analyze verify should exit 0, but it exited with ${result.code}:\n${output}`);
    assert.equal(output, '', `systemd-analyze verify complained; each of these lines is a setting systemd would ignore or refuse:\n${output}`);
  });

  it('runs naught-core in the foreground with 2 workers, from /srv/myapp, as a user of its own, with PORT and NODE_ENV', () => {
    const { unit } = service;
    const type = serviceValue(unit, 'Type') ?? 'simple';
    assert.ok(['simple', 'exec'].includes(type), `Type=${type}: naught in the foreground stays in front of systemd and does not fork, so use Type=exec (or simple)`);
    assert.equal(service.asWritten(service.workingDirectory()), INSTALL_DIR, `WorkingDirectory= should be ${INSTALL_DIR}`);
    const user = serviceValue(unit, 'User');
    assert.ok(user !== undefined && user !== '', 'set User= to the account the app runs as (such as myapp): without it, a system service runs as root');
    assert.ok(!['root', '0'].includes(user), `User=${user}: give the app an unprivileged account of its own, not root`);
    const environment = service.environment();
    assert.equal(environment.NODE_ENV, 'production', `Environment= should set NODE_ENV=production, not ${environment.NODE_ENV ?? '(unset)'}`);
    assert.ok(environment.PORT !== undefined, 'Environment= should set PORT (to 8080): the app listens on $PORT');

    const starts = command('ExecStart');
    assert.equal(starts.length, 1, `a service of Type=${type} has exactly one ExecStart= line, this one has ${starts.length}`);
    const argv = (starts[0] as ExecCommand).argv;
    const shown = service.asWritten(argv.join(' '));
    assert.ok(argv.some((word) => NAUGHT_CLI.test(word)), `ExecStart should run naught-core's command (/usr/bin/node ${INSTALL_DIR}/node_modules/naught-core/dist/cli/main.js), not: ${shown}`);
    assert.ok(argv.includes('start'), `ExecStart should run \`naught start\`: ${shown}`);
    assert.equal(option(argv, '--daemon-mode'), 'false', `ExecStart should keep naught in the foreground with --daemon-mode false, so that systemd owns it: ${shown}`);
    assert.equal(option(argv, '--worker-count'), '2', `ExecStart should start 2 workers (--worker-count 2): ${shown}`);
    assert.ok(argv.some((word) => word === 'server.js' || word === path.join(service.appDir, 'server.js')), `ExecStart should start server.js: ${shown}`);
  });

  it('keeps its files under /srv/myapp or the runtime directory (%t), nowhere else', () => {
    for (const key of ['ExecStart', 'ExecReload', 'ExecStop'] as const) {
      for (const { argv } of command(key)) {
        for (const word of argv.slice(1)) {
          const value = word.startsWith('--') && word.includes('=') ? word.slice(word.indexOf('=') + 1) : word;
          if (!value.startsWith('/') || value === fs.realpathSync(process.execPath)) continue;
          const inside = [service.appDir, service.runtimeRoot].some((dir) => value === dir || value.startsWith(`${dir}/`));
          assert.ok(inside, `${key} names ${value}: keep the app's files under ${INSTALL_DIR}, and the socket and pid file under %t/myapp (systemd's RuntimeDirectory=)`);
        }
      }
    }
  });

  it('reloads with `naught deploy` and stops with `naught stop --timeout N`', () => {
    const reloads = command('ExecReload');
    assert.ok(reloads.length > 0, 'there is no ExecReload=: `systemctl reload myapp` should deploy the code on disk with naught deploy');
    const reload = reloads.map((each) => service.asWritten(each.argv.join(' '))).join('; ');
    assert.ok(
      reloads.some(({ argv }) => argv.some((word) => NAUGHT_CLI.test(word)) && argv.includes('deploy')),
      `ExecReload should run naught-core's \`deploy\` (it waits for the deploy and fails if it fails; kill -HUP returns before anyone knows): ${reload}`,
    );
    const stops = command('ExecStop');
    assert.ok(stops.length > 0, 'there is no ExecStop=: `systemctl stop myapp` should run naught stop, which drains the workers');
    const stop = stops.find(({ argv }) => argv.includes('stop'));
    assert.ok(stop !== undefined, `ExecStop should run naught-core's \`stop\`: ${stops.map((each) => service.asWritten(each.argv.join(' '))).join('; ')}`);
    const timeout = option(stop.argv, '--timeout');
    assert.ok(timeout !== undefined && Number.isFinite(Number(timeout)), `ExecStop should give naught stop a --timeout in seconds, so that a stuck worker cannot hold the stop forever: ${service.asWritten(stop.argv.join(' '))}`);
  });

  it('KillMode=mixed, Restart=on-failure, and TimeoutStopSec longer than naught stop can take', () => {
    const { unit } = service;
    const killMode = serviceValue(unit, 'KillMode') ?? 'control-group (the default)';
    assert.equal(killMode, 'mixed', `KillMode=${killMode}: with anything but mixed, systemd's SIGTERM reaches the workers directly and they die without draining; KillMode=mixed sends it to naught only`);
    const restart = serviceValue(unit, 'Restart') ?? 'no (the default)';
    assert.ok(['on-failure', 'always'].includes(restart), `Restart=${restart}: use Restart=on-failure, so that systemd starts naught again if it dies`);
    const stop = command('ExecStop').find(({ argv }) => argv.includes('stop'));
    const stopTimeout = Number(option(stop?.argv ?? [], '--timeout'));
    assert.ok(Number.isFinite(stopTimeout), 'ExecStop has no `naught stop --timeout N` (see the check above)');
    const stopSec = parseTimeSpan(serviceValues(unit, 'TimeoutStopSec').at(-1) ?? '90');
    assert.ok(
      stopSec > stopTimeout + 5,
      `TimeoutStopSec=${stopSec} s should be more than naught stop's --timeout ${stopTimeout} s plus its up to 5 s of grace, or systemd SIGKILLs workers naught is still stopping`,
    );
  });
});
