// No line lost or split across rotations at a high write rate: four workers write ~1 MB/s each into one
// stdout log that rotates every 32 KiB (hundreds of rotations), with a deploy in the middle so that old
// workers finish their last lines while new ones write.
import { strict as assert } from 'node:assert';
import { sleep, useSandbox } from '../test/helpers/naught';
import { recordOutcome } from './helpers/record';
import { assertDaemonServes, startServer, stopClean, useFbFixture } from './helpers/fb-daemon';
import { auditWriterLines, readLogFiles } from './helpers/fb-disk';

const WORKERS = 4;
const MAX_LOG_SIZE = 32 * 1024;

describe('logs: rotation at a high write rate', function () {
  this.timeout(150_000);
  const ctx = useSandbox();

  it(`${WORKERS} workers, --max-log-size ${MAX_LOG_SIZE}, a deploy midway: every line once, whole, in order, across every archive`, async () => {
    useFbFixture(ctx.sandbox, 'fb-steady-writer.js');
    const env = { PORT: String(ctx.port), LINES_PER_TICK: '60' };
    const daemon = await startServer(ctx.sandbox, WORKERS, env, ['--max-log-size', String(MAX_LOG_SIZE), '--stderr', '/dev/null']);
    await sleep(2_000);
    await assertDaemonServes(ctx.sandbox, daemon, WORKERS, env);
    await sleep(2_000);
    await stopClean(ctx.sandbox, daemon, WORKERS);

    const files = readLogFiles(ctx.sandbox.path('stdout.log'));
    const archives = files.filter((file) => file.name !== 'stdout.log');
    assert.ok(archives.length >= 100, `hundreds of rotations expected, got ${archives.length}`);
    assert.ok(archives.every((file) => file.name.endsWith('.gz')), 'every archive was gzipped before the stop returned');
    for (const archive of archives) {
      assert.ok(Buffer.byteLength(archive.text) >= MAX_LOG_SIZE, `${archive.name} rotated before the limit (${Buffer.byteLength(archive.text)} bytes)`);
    }
    const audit = auditWriterLines(files);
    assert.deepStrictEqual(
      { broken: audit.broken.slice(0, 5), cutFiles: audit.cutFiles, missing: audit.missing, writers: audit.writers },
      { broken: [], cutFiles: [], missing: 0, writers: 2 * WORKERS },
      `${audit.found} lines found of ${audit.written}`,
    );
    assert.equal(audit.found, audit.written);
    recordOutcome({
      area: 'logs',
      fault: `rotation every ${MAX_LOG_SIZE / 1024} KiB under ${WORKERS} fast writers`,
      point: 'with a deploy midway (8 writers in all)',
      outcome: 'every line once, whole, in order; every archive gzipped and at least the limit',
      orphans: 0,
      logLinesWritten: audit.written,
      logLinesFound: audit.found,
      figures: { archives: archives.length, megabytes: Number((files.reduce((sum, file) => sum + Buffer.byteLength(file.text), 0) / 1e6).toFixed(1)) },
    });
  });
});
