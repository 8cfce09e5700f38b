import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { freePort, httpGet, LiveRun, sleep, useSandbox, waitFor } from '../helpers/naught';
import { bootLines, ready, stopLines, text } from '../helpers/expected-output';
import { daemonPid } from '../helpers/processes';
import { expectRun } from '../helpers/cli-suite';

/** The line server-logger.js prints for n (worker 0). */
function line(n: number, worker = 0): string {
  return `line ${String(n).padStart(6, '0')} w${worker} ${'.'.repeat(n % 50)}\n`;
}

function lines(from: number, to: number): string {
  let all = '';
  for (let n = from; n <= to; n += 1) all += line(n);
  return all;
}

/** Archives of `base` in the sandbox, by form. */
function archivesOf(dir: string, base: string): { gz: string[]; plain: string[] } {
  const names = fs.readdirSync(dir);
  return {
    gz: names.filter((name) => new RegExp(`^${base}-\\d{13}\\.log\\.gz$`).test(name)),
    plain: names.filter((name) => new RegExp(`^${base}-\\d{13}\\.log$`).test(name)),
  };
}

describe('naught logs', function () {
  this.timeout(90_000);
  const ctx = useSandbox();

  async function print(from: number, count: number, stream: 'stdout' | 'stderr' = 'stdout', port = ctx.port): Promise<void> {
    const response = await httpGet(port, `/print?stream=${stream}&from=${from}&count=${count}`);
    assert.equal(response.body, 'printed');
  }

  async function start(args: string[], port = ctx.port, pidFile?: string): Promise<void> {
    const started = await ctx.sandbox.naught(['start', ...args, 'server.js'], { env: { PORT: String(port) }, ...(pidFile === undefined ? {} : { pidFile }) });
    expectRun(started, { stdout: 'workers online: 1\n', stderr: text(...bootLines(1)), code: 0 }, `start ${args.join(' ')}`);
  }

  /** Waits until `naught logs -n 1 ARGS` shows `last`: the daemon writes the workers' output asynchronously. */
  async function waitForLastLine(last: string, args: string[] = []): Promise<void> {
    await waitFor(async () => (await ctx.sandbox.naught(['logs', '-n', '1', ...args])).stdout === last, 15_000, `the log to end with ${last}`);
  }

  it('prints the last N lines, reaching back into the gzipped archives; after a stop, from the default paths', async function () {
    ctx.sandbox.useFixture('server-logger.js');
    await start(['--max-log-size', '2000']);
    await print(0, 600);
    await waitForLastLine(line(599));
    await waitFor(() => archivesOf(ctx.sandbox.dir, 'stdout').plain.length === 0, 10_000, 'every archive gzipped');
    const { gz } = archivesOf(ctx.sandbox.dir, 'stdout');
    assert.ok(gz.length >= 8, `the output was rotated into many .gz archives (${gz.length})`);
    assert.ok(ctx.sandbox.read('stdout.log').split('\n').length < 100, 'the live file alone holds fewer than 250 lines');

    expectRun(await ctx.sandbox.naught(['logs', '-n', '250']), { stdout: lines(350, 599), stderr: '', code: 0 });
    expectRun(await ctx.sandbox.naught(['logs', '--lines=5000']), { stdout: lines(0, 599), stderr: '', code: 0 });
    expectRun(await ctx.sandbox.naught(['logs']), { stdout: lines(590, 599), stderr: '', code: 0 }, 'ten lines by default');
    expectRun(await ctx.sandbox.naught(['logs', '-n', '0']), { stdout: '', stderr: '', code: 0 });

    expectRun(await ctx.sandbox.naught(['stop']), { stdout: '', stderr: text(...stopLines(1)), code: 0 });
    expectRun(await ctx.sandbox.naught(['logs', '-n', '250']), {
      stdout: lines(350, 599),
      stderr: `naught logs: the server is not running; reading ${ctx.sandbox.path('stdout.log')}\n`,
      code: 0,
    });
  });

  it('--stderr and --log choose the log; an ipc file names another server; --file reads a log by its path', async function () {
    ctx.sandbox.useFixture('server-logger.js');
    await start([]);
    await print(0, 5, 'stderr');
    await waitForLastLine(line(4), ['--stderr']);
    expectRun(await ctx.sandbox.naught(['logs', '--stderr', '-n', '3']), { stdout: lines(2, 4), stderr: '', code: 0 });
    expectRun(await ctx.sandbox.naught(['logs']), { stdout: '', stderr: '', code: 0 }, 'nothing on stdout yet');
    // The detailed status that `naught logs` asks for is not logged; a plain status is.
    expectRun(await ctx.sandbox.naught(['logs', '--log', '-n', '1']), { stdout: `${ready(1)}\n`, stderr: '', code: 0 });
    expectRun(await ctx.sandbox.naught(['status']), { stdout: 'workers online: 1\n', stderr: '', code: 0 });
    await waitForLastLine('Status. booting: 0, online: 1, dying: 0, new_online: 0\n', ['--log']);

    const port2 = await freePort();
    const other = ['--ipc-file', 'b/b.ipc', '--pid-file', 'b/b.pid', '--log', 'b/events.log', '--stdout', 'b/out.log', '--stderr', 'b/err.log'];
    await start(other, port2, ctx.sandbox.path('b/b.pid'));
    await print(100, 5, 'stdout', port2);
    await waitForLastLine(line(104), ['b/b.ipc']);
    expectRun(await ctx.sandbox.naught(['logs', '-n', '2', 'b/b.ipc']), { stdout: lines(103, 104), stderr: '', code: 0 });
    expectRun(await ctx.sandbox.naught(['logs', '--log', '-n', '1', 'b/b.ipc']), { stdout: `${ready(1)}\n`, stderr: '', code: 0 });
    expectRun(await ctx.sandbox.naught(['stop', 'b/b.ipc']), { stdout: '', stderr: text(...stopLines(1)), code: 0 });

    expectRun(await ctx.sandbox.naught(['logs', '--file', 'b/out.log', '-n', '2']), { stdout: lines(103, 104), stderr: '', code: 0 });
    expectRun(await ctx.sandbox.naught(['logs', '--file', ctx.sandbox.path('b/events.log'), '-n', '1']), {
      stdout: 'Shutdown. booting: 0, online: 0, dying: 0, new_online: 0\n',
      stderr: '',
      code: 0,
    });
    expectRun(await ctx.sandbox.naught(['stop']), { stdout: '', stderr: text(...stopLines(1)), code: 0 });
  });

  it('says so when there is no log: nothing at the default path, a disabled log, a missing --file', async function () {
    expectRun(await ctx.sandbox.naught(['logs']), {
      stdout: '',
      stderr:
        `naught logs: the server is not running; reading ${ctx.sandbox.path('stdout.log')}\n` +
        `naught logs: there is no stdout log at ${ctx.sandbox.path('stdout.log')} (naught start's default); give the log's path with --file PATH\n`,
      code: 1,
    });
    expectRun(await ctx.sandbox.naught(['logs', '--file', 'nowhere/x.log']), { stdout: '', stderr: `naught logs: there is no log at ${ctx.sandbox.path('nowhere/x.log')}\n`, code: 1 });

    ctx.sandbox.useFixture('server-logger.js');
    await start(['--stdout', '/dev/null']);
    expectRun(await ctx.sandbox.naught(['logs']), { stdout: '', stderr: "naught logs: the server's stdout log is disabled (/dev/null): there is nothing to show\n", code: 1 });
    expectRun(await ctx.sandbox.naught(['stop']), { stdout: '', stderr: text(...stopLines(1)), code: 0 });
  });

  it('reads a log whose archives are not gzipped yet or failed to be, and a last line without a newline', async function () {
    fs.writeFileSync(ctx.sandbox.path('app.log'), 'c\nd\npartial');
    fs.writeFileSync(ctx.sandbox.path('app-1763700000000.log'), 'a\nb\n');
    fs.writeFileSync(ctx.sandbox.path('app-2.log'), 'not an archive of app.log\n');
    expectRun(await ctx.sandbox.naught(['logs', '--file', 'app.log', '-n', '4']), { stdout: 'b\nc\nd\npartial\n', stderr: '', code: 0 });
    expectRun(await ctx.sandbox.naught(['logs', '--file', 'app.log', '-n', '40']), { stdout: 'a\nb\nc\nd\npartial\n', stderr: '', code: 0 });
  });

  it('-f follows new lines across many rotations, none lost or repeated, until Ctrl+C (exit 0)', async function () {
    ctx.sandbox.useFixture('server-logger.js');
    await start(['--max-log-size', '1500']);
    await print(0, 50);
    await waitForLastLine(line(49));
    const follow = LiveRun.naught(ctx.sandbox, ['logs', '-f', '-n', '5'], { timeoutMs: 80_000 });
    await waitFor(() => follow.stdout === lines(45, 49), 10_000, 'the last 5 lines');

    // Bursts of about 4 KB each: several rotations between two looks at the file.
    for (let burst = 0; burst < 20; burst += 1) {
      await print(50 + burst * 100, 100);
      if (burst === 10) await print(0, 3, 'stderr');
    }
    await waitFor(() => follow.stdout.endsWith(line(2049)), 20_000, 'the last line');
    assert.ok(archivesOf(ctx.sandbox.dir, 'stdout').gz.length > 40, 'many rotations happened while following');

    // Paused (SIGSTOP) while more rotations happen and every archive is gzipped: it catches up from the .gz files.
    const pid = follow.child.pid as number;
    process.kill(pid, 'SIGSTOP');
    try {
      await print(2050, 300);
      await waitForLastLine(line(2349));
      await waitFor(() => archivesOf(ctx.sandbox.dir, 'stdout').plain.length === 0, 10_000, 'every archive gzipped');
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await waitFor(() => follow.stdout.endsWith(line(2349)), 20_000, 'the lines written while it was paused');
    await sleep(300);
    process.kill(pid, 'SIGINT');
    expectRun(await follow.result, { stdout: lines(45, 2349), stderr: '', code: 0 }, 'every line once, in order; nothing from stderr');
    expectRun(await ctx.sandbox.naught(['stop']), { stdout: '', stderr: text(...stopLines(1)), code: 0 });
  });

  it('-f with --max-log-files: says when archives were deleted before it could read them, and goes on in order', async function () {
    ctx.sandbox.useFixture('server-logger.js');
    await start(['--max-log-size', '1500', '--max-log-files', '2']);
    const follow = LiveRun.naught(ctx.sandbox, ['logs', '-f'], { timeoutMs: 60_000 });
    await print(0, 10);
    await waitFor(() => follow.stdout === lines(0, 9), 10_000, 'the first lines');
    const pid = follow.child.pid as number;
    process.kill(pid, 'SIGSTOP');
    try {
      await print(10, 400);
      await waitForLastLine(line(409));
      await waitFor(() => archivesOf(ctx.sandbox.dir, 'stdout').gz.length === 2 && archivesOf(ctx.sandbox.dir, 'stdout').plain.length === 0, 10_000, 'two archives kept');
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await waitFor(() => follow.stdout.endsWith(line(409)), 20_000, 'the newest lines');
    process.kill(pid, 'SIGINT');
    const result = await follow.result;
    assert.equal(result.code, 0);
    assert.equal(result.stderr, `naught logs: archives of ${ctx.sandbox.path('stdout.log')} were deleted (--max-log-files?) while it was followed: lines may be missing\n`);
    const shown = result.stdout.split('\n').slice(0, -1).map((l) => Number(l.slice(5, 11)));
    assert.deepEqual(shown.slice(0, 10), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (let i = 1; i < shown.length; i += 1) assert.ok(shown[i] > shown[i - 1], `in order, no line twice: ${shown[i - 1]} then ${shown[i]}`);
    const kept = (await ctx.sandbox.naught(['logs', '-n', '1000'])).stdout;
    assert.ok(result.stdout.endsWith(kept), 'everything still kept on disk was shown');
    assert.ok(shown.length < 410, 'the deleted archives’ lines are missing');
    expectRun(await ctx.sandbox.naught(['stop']), { stdout: '', stderr: text(...stopLines(1)), code: 0 });
  });

  it('-f waits for a log that does not exist yet, and starts at its first line', async function () {
    ctx.sandbox.useFixture('server-logger.js');
    // An archive but no live file: the server has not started yet.
    fs.writeFileSync(ctx.sandbox.path('stdout-1763700000000.log'), 'from an earlier run\n');
    const follow = LiveRun.naught(ctx.sandbox, ['logs', '-f', '-n', '1']);
    await waitFor(() => follow.stdout === 'from an earlier run\n', 10_000, 'the archived line');
    await start([]);
    daemonPid(ctx.sandbox);
    await print(0, 3);
    await waitFor(() => follow.stdout === `from an earlier run\n${lines(0, 2)}`, 10_000, 'the new lines');
    process.kill(follow.child.pid as number, 'SIGTERM');
    expectRun(await follow.result, {
      stdout: `from an earlier run\n${lines(0, 2)}`,
      stderr: `naught logs: the server is not running; reading ${ctx.sandbox.path('stdout.log')}\n`,
      code: 0,
    });
    expectRun(await ctx.sandbox.naught(['stop']), { stdout: '', stderr: text(...stopLines(1)), code: 0 });
  });

  it('bad input: one line and the logs help, exit 1', async function () {
    const help = (await ctx.sandbox.naught(['help', 'logs'])).stdout;
    assert.match(help, /^naught logs \[options\] \[ipc-file\]\n/);
    for (const [args, problem] of [
      [['logs', '--stdout', '--stderr'], 'choose one of --stdout, --stderr and --log'],
      [['logs', '--file', 'x.log', '--log'], '--file names the log itself: leave out --log'],
      [['logs', '--file', 'x.log', 'naught.ipc'], '--file names the log itself: leave out the ipc file "naught.ipc"'],
      [['logs', '-n', 'ten'], '--lines must be a whole number, not "ten"'],
      [['logs', '-n'], 'option -n needs a value'],
      [['logs', '-x'], 'unknown option -x'],
      [['logs', '--follow=yes'], 'option --follow takes no value'],
      [['logs', 'a.ipc', 'b.ipc'], 'unexpected argument "b.ipc"'],
    ] as const) {
      expectRun(await ctx.sandbox.naught([...args]), { stdout: '', stderr: `naught logs: ${problem}\n${help}`, code: 1 }, args.join(' '));
    }
  });
});
