import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { httpGet, isAlive, LiveRun, processesWithCwdUnder, useSandbox, waitFor } from '../helpers/naught';
import { bootLines, CRASHED_AT_BOOT, ev, SHUTDOWN_LINE, stopLines, text } from '../helpers/expected-output';
import { daemonPid, expectNothingRunning, waitForDeath, workerPids } from '../helpers/processes';
import { expectRun, expectSortedLines, linesOf } from '../helpers/cli-suite';

describe('naught start', function () {
  const ctx = useSandbox();

  it('boots one worker: exact event lines on stderr, `workers online: 1` on stdout; a second start prints the status and exits 1', async function () {
    ctx.sandbox.useFixture('server-plain.js');
    const started = await ctx.sandbox.naught(['start', 'server.js'], { env: { PORT: String(ctx.port), hi: 'sup dawg' } });
    expectRun(started, { stdout: 'workers online: 1\n', stderr: text(...bootLines(1)), code: 0 });
    assert.equal((await httpGet(ctx.port, '/hi')).body, 'plain sup dawg');
    assert.equal((await httpGet(ctx.port, '/cwd')).body, ctx.sandbox.dir, 'workers run in the directory naught start ran in');

    const daemon = daemonPid(ctx.sandbox);
    assert.ok(isAlive(daemon), 'the pid file names a live daemon');
    const workers = workerPids(daemon);
    assert.equal(workers.length, 1, 'the daemon is the master: the worker is its child');
    assert.equal((await httpGet(ctx.port, '/pid')).body, String(workers[0]));
    assert.equal(fs.statSync(ctx.sandbox.path('naught.ipc')).isSocket(), true);
    assert.equal(fs.statSync(ctx.sandbox.path('naught.ipc')).mode & 0o777, 0o600, 'the ipc socket is owner-only');

    const again = await ctx.sandbox.naught(['start', 'server.js'], { env: { PORT: String(ctx.port) } });
    expectRun(again, { stdout: 'workers online: 1\n', stderr: '', code: 1 }, 'starting twice');
    assert.deepEqual(workerPids(daemon), workers, 'the second start changed nothing');
    assert.equal(fs.readFileSync(ctx.sandbox.path('naught.pid'), 'utf8').trim(), String(daemon));

    expectRun(await ctx.sandbox.naught(['stop']), { stdout: '', stderr: text(...stopLines(1)), code: 0 });
  });

  it('boots five workers with custom paths (missing directories created), --cwd, --pid-file and script options', async function () {
    ctx.sandbox.useFixture('server-argv.js');
    fs.mkdirSync(ctx.sandbox.path('foo'));
    const started = await ctx.sandbox.naught(
      [
        'start',
        '--worker-count', '5',
        '--ipc-file', 'some/dir/ipc',
        '--pid-file', 'custom.pid',
        '--log', 'log/naught/a.log',
        '--stderr', 'log/stderr/b',
        '--stdout', 'log/stdout/c.',
        '--cwd', 'foo',
        'server.js',
        '--custom1', 'aoeu',
        'herp derp',
      ],
      { env: { PORT: String(ctx.port) }, pidFile: ctx.sandbox.path('custom.pid') },
    );
    expectRun(started, { stdout: 'workers online: 5\n', stderr: text(...bootLines(5)), code: 0 });
    assert.deepEqual(JSON.parse((await httpGet(ctx.port, '/argv')).body), ['--custom1', 'aoeu', 'herp derp']);
    assert.equal((await httpGet(ctx.port, '/cwd')).body, ctx.sandbox.path('foo'));

    assert.equal(fs.statSync(ctx.sandbox.path('some/dir/ipc')).isSocket(), true, 'ipc file under the start directory');
    const daemon = daemonPid(ctx.sandbox, ctx.sandbox.path('custom.pid'));
    assert.equal(workerPids(daemon).length, 5);
    assert.equal(ctx.sandbox.exists('naught.pid'), false, 'no default pid file when --pid-file is given');
    for (const absent of ['naught.ipc', 'naught.log', 'stdout.log', 'stderr.log', 'foo/naught.log', 'foo/some', 'foo/log']) {
      assert.equal(ctx.sandbox.exists(absent), false, `${absent} must not exist`);
    }
    const naughtLog = await waitFor(() => (ctx.sandbox.exists('log/naught/a.log') && ctx.sandbox.read('log/naught/a.log').includes('Ready.') ? ctx.sandbox.read('log/naught/a.log') : ''), 5_000, 'Ready in log/naught/a.log');
    assert.equal(naughtLog, text(...bootLines(5), ev('Ready', 0, 5, 0, 0)));
    await expectSortedLines(ctx.sandbox.path('log/stdout/c.'), ['worker #0', 'worker #1', 'worker #2', 'worker #3', 'worker #4']);
    assert.equal(fs.statSync(ctx.sandbox.path('log/stderr/b')).isFile(), true);

    const stopped = await ctx.sandbox.naught(['stop', 'some/dir/ipc']);
    expectRun(stopped, { stdout: '', stderr: text(...stopLines(5)), code: 0 });
    await waitForDeath([daemon], 'the daemon to exit');
    assert.equal(ctx.sandbox.exists('some/dir/ipc'), false, 'ipc file removed on a clean stop');
    assert.equal(ctx.sandbox.exists('custom.pid'), false, 'pid file removed on a clean stop');
    assert.ok(ctx.sandbox.read('log/naught/a.log').endsWith(`${SHUTDOWN_LINE}\n`));
  });

  it('reports a server that crashes at boot and leaves nothing running', async function () {
    ctx.sandbox.useFixture('server-crash-at-boot.js');
    const started = await ctx.sandbox.naught(['start', 'server.js'], { env: { PORT: String(ctx.port) } });
    expectRun(started, {
      stdout: '',
      stderr: text(ev('Bootup', 0, 0, 0, 0), ev('SpawnNew', 1, 0, 0, 0), ev('NewDeath', 0, 0, 0, 0), CRASHED_AT_BOOT),
      code: 1,
    });
    await expectNothingRunning(ctx.sandbox);
    assert.equal(ctx.sandbox.exists('naught.ipc'), false);
    assert.equal(ctx.sandbox.exists('naught.pid'), false);
    assert.equal(
      ctx.sandbox.read('naught.log'),
      text(ev('Bootup', 0, 0, 0, 0), ev('SpawnNew', 1, 0, 0, 0), ev('NewDeath', 0, 0, 0, 0), SHUTDOWN_LINE),
    );
    assert.match(ctx.sandbox.read('stderr.log'), /crash at boot/);
    expectRun(await ctx.sandbox.naught(['status']), { stdout: '', stderr: 'server not running\n', code: 1 });
  });

  it('refuses a stale ipc file with the 4-line message, and removes it with --remove-old-ipc true', async function () {
    ctx.sandbox.useFixture('server-plain.js');
    const ipc = ctx.sandbox.path('stale.ipc');
    // A socket file whose owner died without removing it.
    const owner = spawn(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(ipc)}, () => process.send('up'))`], {
      cwd: ctx.sandbox.dir,
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    });
    await new Promise<void>((resolve) => owner.once('message', () => resolve()));
    owner.kill('SIGKILL');
    await waitFor(() => owner.exitCode !== null || owner.signalCode !== null, 5_000, 'socket owner to die');
    assert.equal(fs.statSync(ipc).isSocket(), true, 'test setup: stale socket left behind');

    const refused = await ctx.sandbox.naught(['start', '--ipc-file', ipc, 'server.js'], { env: { PORT: String(ctx.port) } });
    expectRun(refused, {
      stdout: '',
      stderr: `unable to connect to ipc-file \`${ipc}\`\n\n1. the ipc file specified is invalid, or\n2. the daemon process died unexpectedly\n`,
      code: 1,
    });
    await expectNothingRunning(ctx.sandbox);
    assert.equal(ctx.sandbox.exists('naught.pid'), false, 'no daemon was started');
    assert.equal(fs.statSync(ipc).isSocket(), true, 'the stale file is left alone without --remove-old-ipc');

    const removed = await ctx.sandbox.naught(['start', '--ipc-file', ipc, '--remove-old-ipc', 'true', 'server.js'], {
      env: { PORT: String(ctx.port), hi: 'again' },
    });
    expectRun(removed, {
      stdout: 'workers online: 1\n',
      stderr: `unable to connect to ipc-file \`${ipc}\`\n\nremoving the ipc-file and attempting to continue\n` + text(...bootLines(1)),
      code: 0,
    });
    assert.equal((await httpGet(ctx.port, '/hi')).body, 'plain again');
    expectRun(await ctx.sandbox.naught(['status', ipc]), { stdout: 'workers online: 1\n', stderr: '', code: 0 });
    expectRun(await ctx.sandbox.naught(['stop', ipc]), { stdout: '', stderr: text(...stopLines(1)), code: 0 });
  });

  it('a regular file as ipc file is stale too; --remove-old-ipc true removes it and starts', async function () {
    ctx.sandbox.useFixture('server-plain.js');
    const ipc = ctx.sandbox.path('tmp.ipc');
    fs.writeFileSync(ipc, 'fake');
    const removed = await ctx.sandbox.naught(['start', '--ipc-file', ipc, '--remove-old-ipc', 'true', 'server.js'], { env: { PORT: String(ctx.port) } });
    expectRun(removed, {
      stdout: 'workers online: 1\n',
      stderr: `unable to connect to ipc-file \`${ipc}\`\n\nremoving the ipc-file and attempting to continue\n` + text(...bootLines(1)),
      code: 0,
    });
    assert.equal(fs.statSync(ipc).isSocket(), true);
    expectRun(await ctx.sandbox.naught(['stop', ipc]), { stdout: '', stderr: text(...stopLines(1)), code: 0 });
  });

  it('shows the booting status to a start that arrives while the server boots', async function () {
    ctx.sandbox.useFixture('server-slow-online.js');
    const first = LiveRun.naught(ctx.sandbox, ['start', 'server.js'], { env: { PORT: String(ctx.port), ONLINE_DELAY_MS: '2500' } });
    await first.waitForStderr(ev('SpawnNew', 1, 0, 0, 0));
    const second = await ctx.sandbox.naught(['start', 'server.js'], { env: { PORT: String(ctx.port) } });
    expectRun(second, { stdout: `booting\n${'booting: 1, online: 0, dying: 0, new_online: 0'}\n`, stderr: '', code: 1 });
    expectRun(await first.result, { stdout: 'workers online: 1\n', stderr: text(...bootLines(1)), code: 0 }, 'the first start is not disturbed');
    expectRun(await ctx.sandbox.naught(['stop']), { stdout: '', stderr: text(...stopLines(1)), code: 0 });
  });

  it('three starts racing on one ipc file: exactly one wins, the others print the status and exit 1', async function () {
    ctx.sandbox.useFixture('server-plain.js');
    const racers = [0, 1, 2].map(() => LiveRun.naught(ctx.sandbox, ['start', '--worker-count', '2', 'server.js'], { env: { PORT: String(ctx.port) } }));
    const results = await Promise.all(racers.map((racer) => racer.result));
    const winners = results.filter((result) => result.code === 0);
    const losers = results.filter((result) => result.code !== 0);
    assert.equal(winners.length, 1, `exactly one winner: ${JSON.stringify(results)}`);
    expectRun(winners[0], { stdout: 'workers online: 2\n', stderr: text(...bootLines(2)), code: 0 });
    for (const loser of losers) {
      assert.equal(loser.code, 1, JSON.stringify(loser));
      assert.equal(loser.stderr, '', JSON.stringify(loser));
      assert.match(loser.stdout, /^(workers online: 2\n|booting\nbooting: [0-2], online: 0, dying: 0, new_online: [0-2]\n)$/);
    }
    const daemon = daemonPid(ctx.sandbox);
    assert.equal(workerPids(daemon).length, 2);
    // Only the winning daemon and its two workers remain (losing daemons, if any, go away).
    await waitFor(() => {
      const running = new Set(processesWithCwdUnder(ctx.sandbox.dir));
      const expected = new Set([daemon, ...workerPids(daemon)]);
      return running.size === expected.size && [...expected].every((pid) => running.has(pid));
    }, 5_000, 'only one daemon and its two workers to run');
    expectRun(await ctx.sandbox.naught(['stop']), { stdout: '', stderr: text(...stopLines(2)), code: 0 });
    await expectNothingRunning(ctx.sandbox);
  });

  it('passes --node-args to each worker and treats /dev/null as "no log"', async function () {
    ctx.sandbox.useFixture('server-argv.js');
    const started = await ctx.sandbox.naught(
      ['start', '--node-args', '--max-old-space-size=100 --no-deprecation', '--log', '/dev/null', '--stderr', '/dev/null', '--stdout', '/dev/null', 'server.js'],
      { env: { PORT: String(ctx.port) } },
    );
    expectRun(started, { stdout: 'workers online: 1\n', stderr: text(...bootLines(1)), code: 0 });
    const execArgv = JSON.parse((await httpGet(ctx.port, '/execargv')).body) as string[];
    assert.ok(execArgv.includes('--max-old-space-size=100'), JSON.stringify(execArgv));
    assert.ok(execArgv.includes('--no-deprecation'), JSON.stringify(execArgv));
    expectRun(await ctx.sandbox.naught(['status']), { stdout: 'workers online: 1\n', stderr: '', code: 0 });
    expectRun(await ctx.sandbox.naught(['stop']), { stdout: '', stderr: text(...stopLines(1)), code: 0 });
    for (const absent of ['naught.log', 'stdout.log', 'stderr.log']) assert.equal(ctx.sandbox.exists(absent), false, `${absent} must not exist`);
    assert.ok(fs.statSync('/dev/null').isCharacterDevice(), '/dev/null is untouched');
    assert.deepEqual(fs.readdirSync(ctx.sandbox.dir).sort(), ['server.js']);
  });

  it("redirects the workers' stdout and stderr to stdout.log and stderr.log, whole lines", async function () {
    ctx.sandbox.useFixture('server-stdio.js');
    const started = await ctx.sandbox.naught(['start', '--worker-count', '2', 'server.js'], { env: { PORT: String(ctx.port) } });
    expectRun(started, { stdout: 'workers online: 2\n', stderr: text(...bootLines(2)), code: 0 });
    const answers: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      answers.push((await httpGet(ctx.port, '/stdout')).body, (await httpGet(ctx.port, '/stderr')).body);
    }
    assert.deepEqual(answers, ['stdout', 'stderr', 'stdout', 'stderr', 'stdout', 'stderr']);
    expectRun(await ctx.sandbox.naught(['stop']), { stdout: '', stderr: text(...stopLines(2)), code: 0 });

    const outLines = linesOf(ctx.sandbox.read('stdout.log'));
    const errLines = linesOf(ctx.sandbox.read('stderr.log'));
    const text36 = 'abcdefghijklmnopqrstuvwxyz0123456789';
    assert.deepEqual(outLines.filter((line) => line.startsWith('stdio ')).sort(), ['stdio 0 booting', 'stdio 1 booting']);
    assert.deepEqual(errLines.filter((line) => line.startsWith('stdio ')).sort(), ['stdio 0 listening', 'stdio 1 listening']);
    assert.equal(outLines.length, 2 + 6, ctx.sandbox.read('stdout.log'));
    assert.equal(errLines.length, 2 + 6, ctx.sandbox.read('stderr.log'));
    for (const line of outLines.filter((l) => !l.startsWith('stdio '))) assert.match(line, new RegExp(`^out [01] ${text36}$`));
    for (const line of errLines.filter((l) => !l.startsWith('stdio '))) assert.match(line, new RegExp(`^err [01] ${text36}$`));
  });
});
