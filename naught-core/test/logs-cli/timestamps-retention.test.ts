// --log-timestamps and --max-log-files through the real CLI: stamped worker lines (never the naught log), archives kept per log.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { httpGet, useSandbox } from '../helpers/naught';
import { bootLines, stopLines, text } from '../helpers/expected-output';
import { daemonPid } from '../helpers/processes';
import { assertStoppedClean } from '../helpers/fixes-helpers';
import { expectRun } from '../helpers/cli-suite';

const STAMPED = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) (line \d{6} w[01] \.*)$/;

function expected(from: number, to: number, worker: number): string[] {
  const lines: string[] = [];
  for (let n = from; n <= to; n += 1) lines.push(`line ${String(n).padStart(6, '0')} w${worker} ${'.'.repeat(n % 50)}`);
  return lines;
}

/** The whole series of a log: archives (gunzipped, by name) then the live file. */
function readSeries(dir: string, base: string): { archives: string[]; lines: string[] } {
  const archives = fs
    .readdirSync(dir)
    .filter((name) => new RegExp(`^${base}-\\d{13}\\.log\\.gz$`).test(name))
    .sort();
  let all = '';
  for (const name of archives) all += zlib.gunzipSync(fs.readFileSync(`${dir}/${name}`)).toString('utf8');
  all += fs.readFileSync(`${dir}/${base}.log`, 'utf8');
  const lines = all.split('\n');
  assert.equal(lines.pop(), '', `${base} ends with a whole line`);
  return { archives, lines };
}

describe('--log-timestamps and --max-log-files through the CLI', function () {
  this.timeout(60_000);
  const ctx = useSandbox();

  it('stamps every stdout and stderr line with an ISO 8601 time, not the naught log; keeps N archives of each log', async () => {
    ctx.sandbox.useFixture('server-logger.js');
    const before = Date.now();
    const start = await ctx.sandbox.naught(['start', '--log-timestamps', 'true', '--max-log-files', '3', '--max-log-size', '3000', 'server.js'], {
      env: { PORT: String(ctx.port) },
    });
    expectRun(start, { stdout: 'workers online: 1\n', stderr: text(...bootLines(1)), code: 0 });
    const daemon = daemonPid(ctx.sandbox);
    for (let burst = 0; burst < 10; burst += 1) {
      assert.equal((await httpGet(ctx.port, `/print?stream=stdout&from=${burst * 100}&count=100`)).body, 'printed');
    }
    assert.equal((await httpGet(ctx.port, '/print?stream=stderr&from=0&count=300')).body, 'printed');
    expectRun(await ctx.sandbox.naught(['stop']), { stdout: '', stderr: text(...stopLines(1)), code: 0 });
    await assertStoppedClean(ctx.sandbox, daemon);
    const after = Date.now();

    const stdout = readSeries(ctx.sandbox.dir, 'stdout');
    assert.equal(stdout.archives.length, 3, `3 archives of stdout.log kept: ${fs.readdirSync(ctx.sandbox.dir).join(' ')}`);
    const stderr = readSeries(ctx.sandbox.dir, 'stderr');
    assert.equal(stderr.archives.length, 3, 'and 3 of stderr.log');
    assert.ok(!fs.readdirSync(ctx.sandbox.dir).some((name) => /^(stdout|stderr)-\d{13}\.log$/.test(name)), 'nothing left uncompressed');

    for (const [series, last] of [
      [stdout, 999],
      [stderr, 299],
    ] as const) {
      const bodies = series.lines.map((line) => {
        const match = STAMPED.exec(line);
        assert.ok(match, `a stamped line: ${line}`);
        const time = Date.parse(match[1]);
        assert.ok(time >= before - 1000 && time <= after + 1000, `${match[1]} is the time of the run`);
        return match[2];
      });
      // What is kept is the end of the output, in order, with nothing missing in between.
      const all = expected(0, last, 0);
      assert.deepEqual(bodies, all.slice(all.length - bodies.length));
      assert.ok(bodies.length < all.length, 'older archives were deleted');
    }

    const events = ctx.sandbox.read('naught.log').trimEnd().split('\n');
    assert.equal(events[0], 'Bootup. booting: 0, online: 0, dying: 0, new_online: 0', 'the naught log is not stamped');
    assert.equal(events[events.length - 1], 'Shutdown. booting: 0, online: 0, dying: 0, new_online: 0');
  });

  it('by default no timestamps and every archive is kept, as in naught 1.6.0', async () => {
    ctx.sandbox.useFixture('server-logger.js');
    const start = await ctx.sandbox.naught(['start', '--max-log-size', '3000', 'server.js'], { env: { PORT: String(ctx.port) } });
    expectRun(start, { stdout: 'workers online: 1\n', stderr: text(...bootLines(1)), code: 0 });
    assert.equal((await httpGet(ctx.port, '/print?stream=stdout&from=0&count=400')).body, 'printed');
    // No wait for the last line: when `naught stop` returns, every line a worker printed is in the files
    // (polling stdout.log instead raced with rotation: renamed away, or the last line already archived).
    expectRun(await ctx.sandbox.naught(['stop']), { stdout: '', stderr: text(...stopLines(1)), code: 0 });
    const stdout = readSeries(ctx.sandbox.dir, 'stdout');
    assert.ok(stdout.archives.length > 3, `all ${stdout.archives.length} archives kept`);
    assert.deepEqual(stdout.lines, expected(0, 399, 0));
  });

  it('bad values: one line and the start help, exit 1, nothing started', async () => {
    ctx.sandbox.useFixture('server-logger.js');
    const help = (await ctx.sandbox.naught(['help', 'start'])).stdout;
    for (const [args, problem] of [
      [['--log-timestamps', 'yes'], '--log-timestamps must be true or false, not "yes"'],
      [['--max-log-files', '0'], '--max-log-files must be a positive whole number or none, not "0"'],
      [['--max-log-files', '2.5'], '--max-log-files must be a positive whole number or none, not "2.5"'],
    ] as const) {
      expectRun(await ctx.sandbox.naught(['start', ...args, 'server.js'], { env: { PORT: String(ctx.port) } }), { stdout: '', stderr: `naught start: ${problem}\n${help}`, code: 1 }, args.join(' '));
    }
    assert.equal(ctx.sandbox.exists('naught.ipc'), false);
    const ok = await ctx.sandbox.naught(['start', '--max-log-files', 'none', '--log-timestamps', 'false', 'server.js'], { env: { PORT: String(ctx.port) } });
    expectRun(ok, { stdout: 'workers online: 1\n', stderr: text(...bootLines(1)), code: 0 }, 'none and false are the defaults');
    expectRun(await ctx.sandbox.naught(['stop']), { stdout: '', stderr: text(...stopLines(1)), code: 0 });
  });
});
