// Log rotation through the real CLI: every worker line survives rotation exactly once, whole, in order; /dev/null makes no file.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { useSandbox } from '../helpers/naught';
import { bootLines, stopLines, text } from '../helpers/expected-output';
import { daemonPid } from '../helpers/processes';
import { assertStoppedClean } from '../helpers/fixes-helpers';

const LINES = 20_000;
const MAX_LOG_SIZE = 20_000;
const WORKER_LINE = /^w([01]) (\d{6}) (x*)$/;

describe('log rotation through the CLI', function () {
  this.timeout(120_000);
  const ctx = useSandbox();

  it('rotates stdout.log at --max-log-size into increasing stdout-<ms>.log.gz files that hold every line once, whole and in order', async () => {
    ctx.sandbox.useFixture('fix-chatty.js');
    // Both workers print 20 000 lines each at once while they boot.
    const start = await ctx.sandbox.naught(['start', '--worker-count', '2', '--max-log-size', String(MAX_LOG_SIZE), 'server.js'], {
      env: { PORT: String(ctx.port), LINES: String(LINES) },
      timeoutMs: 60_000,
    });
    assert.deepStrictEqual(start, { stdout: 'workers online: 2\n', stderr: text(...bootLines(2)), code: 0, signal: null });
    const daemon = daemonPid(ctx.sandbox);
    const stop = await ctx.sandbox.naught(['stop'], { timeoutMs: 60_000 });
    assert.deepStrictEqual(stop, { stdout: '', stderr: text(...stopLines(2)), code: 0, signal: null });
    await assertStoppedClean(ctx.sandbox, daemon);

    const files = fs.readdirSync(ctx.sandbox.dir).sort();
    const archives = files.filter((name) => name.startsWith('stdout-'));
    for (const name of archives) assert.match(name, /^stdout-\d{13}\.log\.gz$/, `archive name ${name}`);
    assert.ok(archives.length >= 50, `about 2 MB of output at 20 000 bytes a file makes many archives, not ${archives.length}`);
    const stamps = archives.map((name) => Number(name.slice('stdout-'.length, 'stdout-'.length + 13)));
    for (let i = 1; i < stamps.length; i++) assert.ok(stamps[i] > stamps[i - 1], `archive names increase: ${archives[i - 1]} then ${archives[i]}`);
    assert.ok(files.includes('stdout.log'), 'stdout.log is there');

    let all = '';
    for (const name of archives) {
      const archived = zlib.gunzipSync(fs.readFileSync(ctx.sandbox.path(name))).toString('utf8');
      assert.ok(archived.endsWith('\n'), `${name} ends on a whole line`);
      assert.ok(Buffer.byteLength(archived) >= MAX_LOG_SIZE, `${name} was rotated only once it reached ${MAX_LOG_SIZE} bytes (it holds ${Buffer.byteLength(archived)})`);
      all += archived;
    }
    const current = ctx.sandbox.read('stdout.log');
    assert.ok(current === '' || current.endsWith('\n'), 'stdout.log ends on a whole line');
    all += current;

    const lines = all.split('\n');
    assert.equal(lines.pop(), '');
    const next = [0, 0];
    for (const line of lines) {
      const match = WORKER_LINE.exec(line);
      assert.ok(match, `a whole worker line, not split or interleaved: ${JSON.stringify(line.slice(0, 200))}`);
      const worker = Number(match[1]);
      const n = Number(match[2]);
      assert.equal(n, next[worker], `worker ${worker}'s line ${next[worker]} comes next, once, in order (got ${n})`);
      assert.equal(match[3].length, (n * 37) % 91, `line ${line.slice(0, 12)} is intact`);
      next[worker]++;
    }
    assert.deepStrictEqual(next, [LINES, LINES], 'every line of both workers is there');

    assert.ok(!files.some((name) => /^stdout-\d{13}\.log$/.test(name)), 'no uncompressed archive is left');
    assert.match(ctx.sandbox.read('naught.log'), /\nShutdown\. booting: 0, online: 0, dying: 0, new_online: 0\n$/, 'the naught log ends with Shutdown');
  });

  it('--stdout /dev/null creates no stdout file', async () => {
    ctx.sandbox.useFixture('fix-chatty.js');
    const start = await ctx.sandbox.naught(['start', '--stdout', '/dev/null', 'server.js'], { env: { PORT: String(ctx.port), LINES: '50' } });
    assert.deepStrictEqual(start, { stdout: 'workers online: 1\n', stderr: text(...bootLines(1)), code: 0, signal: null });
    const daemon = daemonPid(ctx.sandbox);
    const stop = await ctx.sandbox.naught(['stop']);
    assert.deepStrictEqual(stop, { stdout: '', stderr: text(...stopLines(1)), code: 0, signal: null });
    await assertStoppedClean(ctx.sandbox, daemon);

    assert.deepStrictEqual(fs.readdirSync(ctx.sandbox.dir).sort(), ['naught.log', 'server.js', 'stderr.log'], 'no stdout log of any name');
    assert.ok(fs.statSync('/dev/null').isCharacterDevice(), '/dev/null is still the null device');
  });
});
