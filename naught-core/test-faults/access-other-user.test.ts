// Nobody else in: the socket and the pid file are owner-only even under umask 000 and over an old world-readable
// pid file; every command run as `nobody` on the server's ipc file (status, deploy, deploy-abort, stop, start,
// logs, and a SIGHUP) gets one line and a non-zero exit, and changes nothing.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { collect, httpGet, NAUGHT_BIN, useSandbox } from '../test/helpers/naught';
import { bootLines, text } from '../test/helpers/expected-output';
import { daemonPid, runNaughtAsNobody } from '../test/helpers/processes';
import { recordOutcome } from './helpers/record';
import { assertDaemonServes, startServer, stopClean, workersOf } from './helpers/fb-daemon';

const WORKERS = 2;

describe('access: another user', function () {
  this.timeout(120_000);
  const ctx = useSandbox();

  it('under umask 000, over a stale 0644 pid file: the socket and the pid file are 0600 and root’s', async () => {
    ctx.sandbox.useFixture('fix-http.js');
    fs.writeFileSync(ctx.sandbox.path('naught.pid'), '999999\n', { mode: 0o644 });
    const args = ['start', '--worker-count', String(WORKERS), 'server.js'];
    const child = spawn('sh', ['-c', 'umask 000 && exec "$@"', 'sh', process.execPath, NAUGHT_BIN, ...args], {
      cwd: ctx.sandbox.dir,
      env: { ...process.env, PORT: String(ctx.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const start = await collect(child, 60_000, args);
    const daemon = daemonPid(ctx.sandbox);
    assert.deepStrictEqual(start, { stdout: `workers online: ${WORKERS}\n`, stderr: text(...bootLines(WORKERS)), code: 0, signal: null });
    assert.match(fs.readFileSync(`/proc/${daemon}/status`, 'utf8'), /^Umask:\s+0000$/m, 'the daemon runs with umask 000');

    const socket = fs.lstatSync(ctx.sandbox.path('naught.ipc'));
    const pidFile = fs.lstatSync(ctx.sandbox.path('naught.pid'));
    assert.ok(socket.isSocket() && pidFile.isFile());
    assert.deepStrictEqual(
      { socket: (socket.mode & 0o777).toString(8), pidFile: (pidFile.mode & 0o777).toString(8), owners: [socket.uid, pidFile.uid] },
      { socket: '600', pidFile: '600', owners: [0, 0] },
    );
    assert.equal(ctx.sandbox.read('naught.pid'), `${daemon}\n`, 'the stale pid file was replaced');
    await stopClean(ctx.sandbox, daemon, WORKERS);
    recordOutcome({ area: 'access', fault: 'umask 000, stale 0644 pid file', point: 'start', outcome: 'socket 0600, pid file 0600, both root-owned; pid file names the daemon', orphans: 0 });
  });

  it('status, status --json, deploy, deploy-abort, stop, stop --timeout, start, start --remove-old-ipc, logs and SIGHUP as nobody: one line each, nothing changes', async () => {
    ctx.sandbox.useFixture('fix-http.js');
    const env = { PORT: String(ctx.port) };
    const daemon = await startServer(ctx.sandbox, WORKERS, env);
    const workers = workersOf(daemon);
    const ipc = ctx.sandbox.path('naught.ipc');
    // The directory is open to everybody (even writable): only the socket's own mode keeps nobody out.
    fs.chmodSync(ctx.sandbox.dir, 0o777);
    const filesBefore = fs.readdirSync(ctx.sandbox.dir).sort();
    const socketInode = fs.lstatSync(ipc).ino;
    const logBefore = ctx.sandbox.read('naught.log');

    const refused = `unable to connect to ipc-file \`${ipc}\`: permission denied\n`;
    const commands = [
      ['status', ipc],
      ['status', '--json', ipc],
      ['deploy', ipc],
      ['deploy-abort', ipc],
      ['stop', ipc],
      ['stop', '--timeout', '1', ipc],
      ['start', '--ipc-file', ipc, 'server.js'],
      ['start', '--ipc-file', ipc, '--remove-old-ipc', 'true', 'server.js'],
      ['logs', ipc],
    ];
    for (const args of commands) {
      const result = await runNaughtAsNobody(args, { cwd: ctx.sandbox.dir, env, timeoutMs: 30_000 });
      assert.deepStrictEqual(result, { stdout: '', stderr: refused, code: 1, signal: null }, `naught ${args.join(' ')} as nobody`);
    }
    const hup = await collect(spawn('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', 'kill', '-HUP', String(daemon)], { stdio: ['ignore', 'pipe', 'pipe'] }), 10_000);
    assert.notEqual(hup.code, 0, 'nobody cannot signal the daemon');
    const readPid = await collect(spawn('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', 'cat', ctx.sandbox.path('naught.pid')], { stdio: ['ignore', 'pipe', 'pipe'] }), 10_000);
    assert.deepStrictEqual([readPid.code, readPid.stdout], [1, ''], 'nobody cannot read the pid file');

    // Nothing changed: same daemon, same workers, same files (nothing created by nobody's start), not one event logged.
    assert.deepStrictEqual(workersOf(daemon), workers, 'the same workers run');
    assert.ok(workers.includes(Number((await httpGet(ctx.port, '/pid')).body)), 'and serve');
    assert.deepStrictEqual(fs.readdirSync(ctx.sandbox.dir).sort(), filesBefore, 'no file was created or removed');
    assert.equal(fs.lstatSync(ipc).ino, socketInode, 'the socket is the same one');
    assert.equal(ctx.sandbox.read('naught.log'), logBefore, 'the daemon never heard from nobody');
    await assertDaemonServes(ctx.sandbox, daemon, WORKERS, env);
    await stopClean(ctx.sandbox, daemon, WORKERS);
    recordOutcome({
      area: 'access',
      fault: `${commands.length} commands and a SIGHUP as nobody`,
      point: 'running server, directory mode 0777',
      outcome: 'each: one line "permission denied", exit 1; same workers, no event, no file touched',
      orphans: 0,
      figures: { commands: commands.length + 1, refused: commands.length + 1 },
    });
  });
});
