// A shared, sticky, world-writable directory (like /tmp): another user plants symlinks where the daemon writes its
// pid file's temporary copy, hoping root overwrites the link's target. The daemon must create its files afresh.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { collect, useSandbox } from '../test/helpers/naught';
import { writePidFile } from '../src/daemon/pid-file';
import { recordOutcome } from './helpers/record';
import { assertStoppedClean } from '../test/helpers/fixes-helpers';
import { startServer } from './helpers/fb-daemon';

const WORKERS = 1;
/** Pids the attacker covers, from the last one the kernel handed out. */
const PLANTED = 3_000;

/** As nobody: a symlink `<pidFile>.<pid>.tmp` -> victim for each pid in [first, first + count). */
async function plantAsNobody(pidFile: string, victim: string, first: number, count: number, pidMax: number): Promise<void> {
  const script = `const fs = require('fs'); for (let i = 0; i < ${count}; i++) { const pid = 300 + ((${first} - 300 + i) % (${pidMax} - 300)); fs.symlinkSync(${JSON.stringify(victim)}, ${JSON.stringify(pidFile)} + '.' + pid + '.tmp'); }`;
  const result = await collect(spawn('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] }), 30_000);
  assert.deepStrictEqual([result.code, result.stderr], [0, ''], 'nobody planted the links');
}

describe('access: a shared directory', function () {
  this.timeout(120_000);
  const ctx = useSandbox();

  it('writePidFile replaces a planted symlink instead of writing through it', async () => {
    const victim = ctx.sandbox.path('victim.conf');
    fs.writeFileSync(victim, 'precious\n', { mode: 0o644 });
    const pidFile = ctx.sandbox.path('app.pid');
    fs.symlinkSync(victim, `${pidFile}.4242.tmp`);
    await writePidFile(pidFile, 4242);
    assert.equal(fs.readFileSync(victim, 'utf8'), 'precious\n', 'the link’s target is untouched');
    assert.ok(fs.lstatSync(pidFile).isFile(), 'the pid file is a regular file, not the planted link');
    assert.equal(fs.readFileSync(pidFile, 'utf8'), '4242\n');
    assert.equal(fs.lstatSync(pidFile).mode & 0o777, 0o600);
    assert.ok(!fs.existsSync(`${pidFile}.4242.tmp`));
  });

  it(`naught start in a sticky 1777 directory where nobody planted ${PLANTED} links: root's file is untouched, the pid file is the daemon's own`, async () => {
    ctx.sandbox.useFixture('fix-http.js');
    const shared = ctx.sandbox.path('shared');
    fs.mkdirSync(shared);
    fs.chmodSync(shared, 0o1777);
    fs.chmodSync(ctx.sandbox.dir, 0o755);
    const victim = ctx.sandbox.path('victim.conf');
    fs.writeFileSync(victim, 'precious\n', { mode: 0o644 });
    const pidFile = path.join(shared, 'app.pid');
    const pidMax = Number(fs.readFileSync('/proc/sys/kernel/pid_max', 'utf8'));
    const lastPid = Number(fs.readFileSync('/proc/sys/kernel/ns_last_pid', 'utf8'));
    await plantAsNobody(pidFile, victim, lastPid + 1, PLANTED, pidMax);

    const env = { PORT: String(ctx.port) };
    const daemon = await startServer(ctx.sandbox, WORKERS, env, ['--ipc-file', 'shared/app.ipc', '--pid-file', 'shared/app.pid'], pidFile);
    const covered = (daemon - (lastPid + 1) + (pidMax - 300)) % (pidMax - 300) < PLANTED;
    assert.ok(covered, `the daemon's pid ${daemon} falls in the planted range (from ${lastPid + 1}): otherwise this run proves nothing`);
    assert.equal(fs.readFileSync(victim, 'utf8'), 'precious\n', 'root’s file was not overwritten through a planted link');
    assert.ok(fs.lstatSync(pidFile).isFile(), 'the pid file is a regular file');
    assert.equal(fs.lstatSync(pidFile).uid, 0);
    assert.equal(fs.lstatSync(pidFile).mode & 0o777, 0o600);
    assert.equal(fs.readFileSync(pidFile, 'utf8'), `${daemon}\n`);

    const stop = await ctx.sandbox.naught(['stop', 'shared/app.ipc'], { timeoutMs: 30_000 });
    assert.equal(stop.code, 0, JSON.stringify(stop));
    await assertStoppedClean(ctx.sandbox, daemon, 'shared/app.ipc', 'shared/app.pid');
    assert.equal(fs.readFileSync(victim, 'utf8'), 'precious\n');
    recordOutcome({
      area: 'access',
      fault: `${PLANTED} symlinks planted by nobody at the pid file's temporary names`,
      point: 'start in a sticky 1777 directory',
      outcome: 'no link followed: root-owned target untouched; pid file regular, 0600, names the daemon',
      orphans: 0,
    });
  });
});
