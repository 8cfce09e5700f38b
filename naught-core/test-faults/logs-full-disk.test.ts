// A full disk under the workers' log: a 256 KiB tmpfs holds --stdout while two workers write ~100 KB/s each.
// Neither the daemon nor the workers crash, the naught log (on another disk) says what happened once, and
// once the volume is grown logging resumes with no line lost or split.
import { strict as assert } from 'node:assert';
import { httpGet, type Sandbox, sleep, useSandbox, waitFor } from '../test/helpers/naught';
import { deployLines, ev, text } from '../test/helpers/expected-output';
import { recordOutcome } from './helpers/record';
import { assertDaemonServes, rssKib, startServer, stopClean, useFbFixture, workersOf } from './helpers/fb-daemon';
import { auditWriterLines, mountSmallDisk, readLogFiles, type SmallDisk } from './helpers/fb-disk';

const WORKERS = 2;
const SMALL = 256 * 1024;
const GROWN = 64 * 1024 * 1024;
/** How long the disk stays full: a few backoff rounds of the log's retries. */
const FULL_FOR_MS = 4_000;

function naughtLogLines(sandbox: Sandbox, pattern: RegExp): string[] {
  return sandbox
    .read('naught.log')
    .split('\n')
    .filter((line) => pattern.test(line));
}

describe('logs: a full disk', function () {
  this.timeout(120_000);
  let disk: SmallDisk | null = null;
  // Registered before the sandbox's cleanup, which removes the directory: unmount first (lazily if a
  // process the cleanup is about to kill still holds a file there).
  afterEach(() => {
    disk?.unmount();
    disk = null;
  });
  const ctx = useSandbox();

  it('--stdout on a full 256 KiB tmpfs: no crash, one report per episode, output resumes whole once the volume grows', async () => {
    disk = mountSmallDisk(ctx.sandbox.path('small'), SMALL);
    useFbFixture(ctx.sandbox, 'fb-steady-writer.js');
    const env = { PORT: String(ctx.port) };
    const daemon = await startServer(ctx.sandbox, WORKERS, env, ['--stdout', 'small/stdout.log', '--stderr', 'small/stderr.log', '--max-log-size', '65536']);
    const workers = workersOf(daemon);

    await waitFor(() => naughtLogLines(ctx.sandbox, /ENOSPC/).length > 0, 30_000, 'the disk to fill up and the daemon to say so');
    const fullAt = Date.now();
    await sleep(FULL_FOR_MS);
    // Meanwhile: nothing crashed, and the server is managed as usual.
    assert.deepStrictEqual(workersOf(daemon), workers, 'the workers are the same processes: none crashed');
    const status = await ctx.sandbox.naught(['status']);
    assert.deepStrictEqual(status, { stdout: `workers online: ${WORKERS}\n`, stderr: '', code: 0, signal: null });
    const reports = naughtLogLines(ctx.sandbox, /small\/stdout\.log/);
    assert.ok(reports.length >= 1, 'the naught log names the file');
    assert.match(reports[0], /^unable to write to .*small\/stdout\.log: ENOSPC: no space left on device/);
    assert.deepStrictEqual(reports.slice(1), [], `one report for the episode, not one per retry: ${reports.length} lines in ${Date.now() - fullAt} ms`);

    disk.resize(GROWN);
    await waitFor(() => naughtLogLines(ctx.sandbox, /small\/stdout\.log again/).length > 0, 30_000, 'the daemon to say the log is written again');
    const recovered = naughtLogLines(ctx.sandbox, /small\/stdout\.log/).slice(1);
    assert.equal(recovered.length, 1, `one line when writing resumes (and none about dropped output): ${JSON.stringify(recovered)}`);
    assert.match(recovered[0], /^writing to .*small\/stdout\.log again after \d+ s; it had failed with: ENOSPC: no space left on device/);
    await sleep(1_000);
    await assertDaemonServes(ctx.sandbox, daemon, WORKERS, env);
    await stopClean(ctx.sandbox, daemon, WORKERS);

    const files = readLogFiles(ctx.sandbox.path('small', 'stdout.log'));
    const audit = auditWriterLines(files);
    assert.deepStrictEqual({ broken: audit.broken.slice(0, 5), cutFiles: audit.cutFiles }, { broken: [], cutFiles: [] }, 'every line whole, once, in order');
    // Up to 8 MiB wait in memory while the disk is full: this episode fits, so nothing may be missing.
    assert.equal(audit.missing, 0, `lines missing: ${audit.missing} of ${audit.written}`);
    assert.equal(audit.writers, 2 * WORKERS, 'both workers of the boot and of the deploy wrote');
    recordOutcome({
      area: 'logs',
      fault: 'ENOSPC: --stdout on a full 256 KiB tmpfs',
      point: `~${Math.round(FULL_FOR_MS / 1000)} s full, 2 workers writing, then the volume grown`,
      outcome: 'no crash; 1 line when it starts, 1 when writing resumes; nothing lost or split',
      orphans: 0,
      logLinesWritten: audit.written,
      logLinesFound: audit.found,
      figures: { reportLines: reports.length + recovered.length, files: files.length },
    });
  });

  it('an episode longer than the 8 MiB kept in memory: writers never block, what is dropped is reported to the byte', async () => {
    disk = mountSmallDisk(ctx.sandbox.path('small'), SMALL);
    useFbFixture(ctx.sandbox, 'fb-steady-writer.js');
    // About 3.5 MB/s together: the 8 MiB buffer overflows within a few seconds.
    const env = { PORT: String(ctx.port), LINES_PER_TICK: '200' };
    const daemon = await startServer(ctx.sandbox, WORKERS, env, ['--stdout', 'small/stdout.log', '--stderr', '/dev/null', '--max-log-size', '65536']);
    const workers = workersOf(daemon);
    const rssBefore = rssKib(daemon);
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssKib(daemon))), 50);
    try {
      await waitFor(() => naughtLogLines(ctx.sandbox, /ENOSPC/).length > 0, 30_000, 'the disk to fill up');
      // The workers keep writing (their counters keep rising) rather than blocking on a full pipe.
      const counted = async (): Promise<number> => Number((await httpGet(ctx.port, '/')).body);
      const first = await counted();
      await sleep(6_000);
      assert.ok((await counted()) > first + 1_000, 'a worker kept writing while the disk was full');
    } finally {
      clearInterval(sampler);
    }
    assert.deepStrictEqual(workersOf(daemon), workers, 'no worker crashed');
    disk.resize(GROWN);
    await waitFor(() => naughtLogLines(ctx.sandbox, /small\/stdout\.log again/).length > 0, 30_000, 'the report that writing resumed');
    await stopClean(ctx.sandbox, daemon, WORKERS);

    const reports = naughtLogLines(ctx.sandbox, /small\/stdout\.log/);
    assert.equal(reports.length, 3, `the failure, what was dropped, the end: ${JSON.stringify(reports)}`);
    assert.match(reports[0], /^unable to write to .*: ENOSPC/);
    const dropped = Number(/^dropped (\d+) bytes of output for .*small\/stdout\.log while it could not be written$/.exec(reports[1])?.[1]);
    assert.ok(dropped > 0, reports[1]);
    assert.match(reports[2], /again after \d+ s; it had failed with: ENOSPC/);
    const files = readLogFiles(ctx.sandbox.path('small', 'stdout.log'));
    const audit = auditWriterLines(files);
    assert.deepStrictEqual({ broken: audit.broken.slice(0, 5), cutFiles: audit.cutFiles }, { broken: [], cutFiles: [] }, 'every line found is whole, once, in order');
    // Every line missing was dropped whole and counted: the report matches them byte for byte.
    assert.equal(audit.missingBytes, dropped, `${audit.missing} lines (${audit.missingBytes} bytes) missing, ${dropped} bytes reported dropped`);
    const growthMib = (rssPeak - rssBefore) / 1024;
    assert.ok(growthMib < 64, `the daemon grew by ${growthMib.toFixed(1)} MiB while the disk was full`);
    recordOutcome({
      area: 'logs',
      fault: 'ENOSPC beyond the 8 MiB buffer (~3.5 MB/s of output)',
      point: '~6 s full, then the volume grown',
      outcome: 'no crash, writers never blocked; every missing line is in the "dropped N bytes" report, to the byte; none split',
      orphans: 0,
      logLinesWritten: audit.written,
      logLinesFound: audit.found,
      figures: { droppedBytesReported: dropped, missingLineBytes: audit.missingBytes, daemonRssGrowthMiB: Number(growthMib.toFixed(1)) },
    });
  });

  it('the naught log on the full disk too: status and deploy still work; the queued event lines land once it grows', async () => {
    disk = mountSmallDisk(ctx.sandbox.path('small'), SMALL);
    useFbFixture(ctx.sandbox, 'fb-steady-writer.js');
    const env = { PORT: String(ctx.port) };
    const logs = ['--log', 'small/naught.log', '--stdout', 'small/stdout.log', '--stderr', '/dev/null', '--max-log-size', '65536'];
    const daemon = await startServer(ctx.sandbox, WORKERS, env, logs, ctx.sandbox.path('naught.pid'), 'small/naught.log');
    await waitFor(() => disk?.freeBytes() === 0, 30_000, 'the disk to fill up');
    await sleep(1_000);
    const status = await ctx.sandbox.naught(['status']);
    assert.deepStrictEqual(status, { stdout: `workers online: ${WORKERS}\n`, stderr: '', code: 0, signal: null });
    const deploy = await ctx.sandbox.naught(['deploy'], { env, timeoutMs: 60_000 });
    assert.deepStrictEqual(deploy, { stdout: '', stderr: text(...deployLines(WORKERS, WORKERS), 'done'), code: 0, signal: null }, 'a deploy works on a full disk');
    const json = await ctx.sandbox.naught(['status', '--json']);
    assert.equal(json.code, 0);
    disk.resize(GROWN);
    const oldExits = (): number => ctx.sandbox.read('small/naught.log').split('\n').filter((line) => line.startsWith('OldExit.')).length;
    await waitFor(() => oldExits() >= WORKERS, 30_000, 'the deploy’s lines to reach the naught log');
    await stopClean(ctx.sandbox, daemon, WORKERS);
    const naughtLog = readLogFiles(ctx.sandbox.path('small', 'naught.log'))
      .map((file) => file.text)
      .join('');
    for (const line of [...deployLines(WORKERS, WORKERS), ev('Status', 0, WORKERS, 0, 0)]) assert.ok(naughtLog.includes(`${line}\n`), `naught.log has ${line}`);
    assert.ok(naughtLog.endsWith(`${ev('Shutdown', 0, 0, 0, 0)}\n`), 'naught.log ends with the Shutdown line');
    const audit = auditWriterLines(readLogFiles(ctx.sandbox.path('small', 'stdout.log')));
    assert.deepStrictEqual({ broken: audit.broken.slice(0, 5), missing: audit.missing }, { broken: [], missing: 0 });
    // What the manager said, and where: the stdout log's failure reaches the naught log (queued until it could be
    // written); the naught log's own failure goes to the daemon's stderr, which a detached daemon discards.
    const stdoutEpisode = /small\/stdout\.log: ENOSPC/.test(naughtLog);
    const ownEpisode = /small\/naught\.log(: ENOSPC| again)/.test(naughtLog) || /ENOSPC/.test(json.stdout);
    assert.ok(stdoutEpisode, 'the stdout log’s failure is in the naught log');
    recordOutcome({
      area: 'logs',
      fault: 'ENOSPC with the naught log on the full disk too',
      point: '~1 s full, a status and a deploy meanwhile',
      outcome: `no crash; status and deploy work; queued lines written once it grew, nothing lost; stdout's ENOSPC logged; the naught log's own ENOSPC ${ownEpisode ? 'logged' : 'reported nowhere (a detached daemon discards its stderr)'}`,
      orphans: 0,
      logLinesWritten: audit.written,
      logLinesFound: audit.found,
    });
  });
});
