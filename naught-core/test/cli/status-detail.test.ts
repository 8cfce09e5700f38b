import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import type { StatusDetail } from '../../src/status-detail';
import { encodeFrame, FrameDecoder } from '../../src/ipc/framing';
import { forkNaught, httpGet, LiveRun, NAUGHT_CORE_ROOT, sleep, useSandbox, waitFor } from '../helpers/naught';
import { bootLines, deployLines, ev, stopLines, text } from '../helpers/expected-output';
import { daemonPid, workerPids } from '../helpers/processes';
import { expectRun, startDaemon } from '../helpers/cli-suite';

type ShownDetail = Omit<StatusDetail, 'event'>;

const MiB = 1024 * 1024;
const VERSION = (JSON.parse(fs.readFileSync(path.join(NAUGHT_CORE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** VmRSS of a live process, read here from /proc, in bytes. */
function vmRss(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  assert.ok(match, `VmRSS of ${pid}`);
  return Number(match[1]) * 1024;
}

/** A resident size that belongs to a live Node process: a whole number of KiB, between 5 MiB and 1 GiB, and within a factor 2 of what /proc says now. */
function assertPlausibleRss(reported: number | null, pid: number, what: string): void {
  assert.ok(reported !== null && reported % 1024 === 0, `${what}: ${reported}`);
  assert.ok(reported > 5 * MiB && reported < 1024 * MiB, `${what}: ${reported} bytes`);
  const now = vmRss(pid);
  assert.ok(reported > now / 2 && reported < now * 2, `${what}: ${reported} bytes reported, ${now} in /proc now`);
}

/** Sends raw 1.6.0-framed requests over the socket and collects every message that comes back. */
class RawClient {
  readonly messages: unknown[] = [];
  private readonly decoder = new FrameDecoder();

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => this.messages.push(...this.decoder.push(chunk)));
  }

  static async connect(socketPath: string): Promise<RawClient> {
    const socket = net.connect(socketPath);
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    return new RawClient(socket);
  }

  send(request: object): void {
    this.socket.write(encodeFrame(request));
  }

  async waitForMessages(count: number): Promise<unknown[]> {
    await waitFor(() => this.messages.length >= count, 10_000, `${count} messages (got ${JSON.stringify(this.messages)})`);
    return this.messages;
  }

  close(): void {
    this.socket.destroy();
  }
}

describe('naught status --json and --workers (the detailed status)', function () {
  this.timeout(60_000);
  const ctx = useSandbox();

  async function statusJson(ipcFile?: string): Promise<ShownDetail> {
    const result = await ctx.sandbox.naught(ipcFile === undefined ? ['status', '--json'] : ['status', '--json', ipcFile]);
    assert.equal(result.stderr, '', JSON.stringify(result));
    assert.equal(result.code, 0, JSON.stringify(result));
    assert.ok(result.stdout.endsWith('}\n'), 'one JSON document and a newline');
    return JSON.parse(result.stdout) as ShownDetail;
  }

  it('--json: each worker (index, pid, state, uptime, restarts, RSS), the daemon that is also the master, nothing under way, the paths', async function () {
    const before = Date.now();
    const daemon = await startDaemon(ctx, 'server-plain.js', 2);
    const detail = await statusJson();
    const after = Date.now();

    assert.equal(detail.version, VERSION);
    assert.deepEqual(detail.count, { booting: 0, online: 2, dying: 0, new_online: 0 });
    assert.equal(detail.waitingFor, null);
    assert.deepEqual([detail.operation, detail.deployInProgress, detail.deployPhase, detail.deployAborting, detail.stopInProgress], [null, false, null, false, false]);
    assert.equal(detail.daemon.pid, daemon, 'the pid file names the daemon');
    assert.equal(detail.master.pid, daemon, 'naught-core runs the master inside the daemon');
    assert.equal(detail.master.sameProcessAsDaemon, true);
    assert.equal(detail.master.rssBytes, detail.daemon.rssBytes);
    assert.equal(detail.daemon.foreground, false);
    assertPlausibleRss(detail.daemon.rssBytes, daemon, 'daemon RSS');
    const daemonStarted = Date.parse(detail.daemon.startedAt);
    assert.ok(daemonStarted >= before - 1000 && daemonStarted <= after, detail.daemon.startedAt);

    assert.deepEqual(detail.workers.map((w) => [w.index, w.state, w.restarts]), [
      [0, 'online', 0],
      [1, 'online', 0],
    ]);
    assert.deepEqual(detail.workers.map((w) => w.pid).sort(), workerPids(daemon).sort(), 'the pids are the daemon’s children');
    for (const worker of detail.workers) {
      assertPlausibleRss(worker.rssBytes, worker.pid as number, `worker ${worker.index} RSS`);
      const started = Date.parse(worker.startedAt);
      const online = Date.parse(worker.onlineAt as string);
      assert.ok(daemonStarted <= started && started <= online && online <= after, `${worker.startedAt} <= ${worker.onlineAt}`);
      assert.ok(worker.uptimeSeconds >= 0 && worker.uptimeSeconds <= detail.daemon.uptimeSeconds, `uptime ${worker.uptimeSeconds}`);
    }
    assert.deepEqual(detail.pendingRestarts, []);
    assert.equal(detail.workerCount, 2);
    assert.equal(detail.script, ctx.sandbox.path('server.js'));
    assert.equal(detail.cwd, ctx.sandbox.dir);
    assert.deepEqual(detail.files, {
      ipcFile: ctx.sandbox.path('naught.ipc'),
      pidFile: ctx.sandbox.path('naught.pid'),
      log: ctx.sandbox.path('naught.log'),
      stdout: ctx.sandbox.path('stdout.log'),
      stderr: ctx.sandbox.path('stderr.log'),
    });
    assert.deepEqual(detail.logOptions, { maxLogSize: 10485760, maxLogFiles: null, logTimestamps: false });

    // Plain status is 1.6.0's, and logs its Status line; the detailed one is not logged.
    expectRun(await ctx.sandbox.naught(['status']), { stdout: 'workers online: 2\n', stderr: '', code: 0 });
    await sleep(100);
    assert.equal(ctx.sandbox.read('naught.log').split('\n').filter((line) => line.startsWith('Status.')).length, 1, 'one Status line, from the plain status');
    expectRun(await ctx.sandbox.naught(['stop']), { stdout: '', stderr: text(...stopLines(2)), code: 0 });
  });

  it('--workers: the status text, the daemon and master lines, what is under way, a row per worker', async function () {
    const daemon = await startDaemon(ctx, 'server-plain.js', 3);
    const result = await ctx.sandbox.naught(['status', '--workers']);
    assert.equal(result.code, 0);
    assert.equal(result.stderr, '');
    const lines = result.stdout.split('\n');
    assert.equal(lines.pop(), '', 'ends with a newline');
    const pids = workerPids(daemon);
    assert.equal(lines.length, 10, result.stdout);
    assert.equal(lines[0], 'workers online: 3');
    assert.match(lines[1], new RegExp(`^daemon  pid ${daemon}  rss \\d+\\.\\d MiB  uptime \\d+s$`));
    assert.match(lines[2], new RegExp(`^master  pid ${daemon}  rss \\d+\\.\\d MiB  \\(the daemon process: naught-core runs the cluster master inside the daemon\\)$`));
    assert.equal(lines[3], 'deploy  none');
    assert.equal(lines[4], 'stop    none');
    assert.equal(lines[5], '');
    assert.match(lines[6], /^index +pid +state +uptime +restarts +rss$/);
    const rows = lines.slice(7).map((line) => line.split(/ {2,}/));
    assert.deepEqual(rows.map((row) => [row[0], row[2], row[4]]), [
      ['0', 'online', '0'],
      ['1', 'online', '0'],
      ['2', 'online', '0'],
    ]);
    assert.deepEqual(rows.map((row) => Number(row[1])).sort(), pids.sort());
    for (const row of rows) {
      assert.match(row[3], /^\d+s$/);
      assert.match(row[5], /^\d+\.\d MiB$/);
    }
    expectRun(await ctx.sandbox.naught(['stop']), { stdout: '', stderr: text(...stopLines(3)), code: 0 });
  });

  it('counts restarts per worker index (crashes and replacements), with the new pids', async function () {
    await startDaemon(ctx, 'server-logger.js', 2);
    const crashes = [0, 0];
    for (let round = 0; round < 3; round += 1) {
      const before = await statusJson();
      const crashed = Number((await httpGet(ctx.port, '/crash')).body);
      const index = before.workers.find((worker) => worker.pid === crashed)?.index;
      assert.ok(index !== undefined, `the crashed worker ${crashed} was one of ${JSON.stringify(before.workers)}`);
      crashes[index] += 1;
      // Crashing within 3 s of coming online is a crash loop: the restart comes after a short delay.
      const after = (await waitFor(
        async () => {
          const detail = await statusJson();
          const ok = detail.count.online === 2 && detail.pendingRestarts.length === 0 && detail.workers.every((worker) => worker.pid !== crashed);
          return ok ? detail : null;
        },
        15_000,
        `worker ${index} to be replaced`,
      )) as ShownDetail;
      assert.deepEqual(after.workers.map((worker) => [worker.index, worker.state, worker.restarts]), [
        [0, 'online', crashes[0]],
        [1, 'online', crashes[1]],
      ]);
    }
    const table = (await ctx.sandbox.naught(['status', '--workers'])).stdout;
    const restartsColumn = table.split('\n').slice(7, 9).map((line) => line.split(/ {2,}/)[4]);
    assert.deepEqual(restartsColumn, crashes.map(String));
    expectRun(await ctx.sandbox.naught(['stop']), { stdout: '', stderr: text(...stopLines(2)), code: 0 });
  });

  it('shows a worker waiting out a crash-loop delay as a pending restart', async function () {
    ctx.sandbox.useFixture('fix-crash-loop.js');
    fs.writeFileSync(ctx.sandbox.path('crash-loop.flag'), '');
    // The worker comes online, so the start succeeds; then it throws 50 ms later, every time.
    const start = await ctx.sandbox.naught(['start', 'server.js'], { env: { PORT: String(ctx.port) } });
    assert.equal(start.code, 0, JSON.stringify(start));
    const pending = (await waitFor(
      async () => {
        const detail = await statusJson();
        return detail.pendingRestarts.length === 1 && detail.pendingRestarts[0].restarts >= 2 ? detail : null;
      },
      20_000,
      'a pending restart after a few crashes',
    )) as ShownDetail;
    assert.equal(pending.pendingRestarts[0].index, 0);
    assert.ok(!Number.isNaN(Date.parse(pending.pendingRestarts[0].dueAt)));
    const table = (await waitFor(
      async () => {
        const shown = (await ctx.sandbox.naught(['status', '--workers'])).stdout;
        return /\n0 +- +restarting in \d+\.\ds +- +\d+ +-\n$/.test(shown) ? shown : null;
      },
      20_000,
      'the table to show the pending restart',
    )) as string;
    assert.match(table, /^workers online: 0\n/);
    fs.rmSync(ctx.sandbox.path('crash-loop.flag'));
    const stop = await ctx.sandbox.naught(['stop', '--timeout', '1']);
    assert.equal(stop.code, 0, JSON.stringify(stop));
  });

  it('says a deploy is under way (and its phase), then a stop, with the old and new workers of one index', async function () {
    ctx.sandbox.useFixture('server-ignore-shutdown.js');
    expectRun(await ctx.sandbox.naught(['start', 'server.js'], { env: { PORT: String(ctx.port) } }), { stdout: 'workers online: 1\n', stderr: text(...bootLines(1)), code: 0 });
    const daemon = daemonPid(ctx.sandbox);
    const [oldWorker] = workerPids(daemon);
    const deploy = LiveRun.naught(ctx.sandbox, ['deploy']);
    await deploy.waitForStderr(ev('ShutdownOld', 0, 0, 1, 1));

    const during = await statusJson();
    assert.deepEqual([during.operation, during.deployInProgress, during.deployPhase, during.deployAborting, during.stopInProgress], ['deploy', true, 'old', false, false]);
    assert.equal(during.waitingFor, 'old');
    assert.deepEqual(during.workers.map((w) => [w.index, w.state]), [
      [0, 'dying'],
      [0, 'new_online'],
    ]);
    assert.equal(during.workers[0].pid, oldWorker, 'the old worker comes first');
    const table = (await ctx.sandbox.naught(['status', '--workers'])).stdout;
    assert.match(table, /^deploy in progress\nbooting: 0, online: 0, dying: 1, new_online: 1\n/);
    assert.match(table, /\ndeploy {2}in progress: waiting for the old workers to exit\nstop {4}none\n/);

    process.kill(oldWorker, 'SIGKILL');
    expectRun(await deploy.result, { stdout: '', stderr: text(...deployLines(1, 1), 'done'), code: 0 });

    const [newWorker] = workerPids(daemon);
    const stop = LiveRun.naught(ctx.sandbox, ['stop']);
    await stop.waitForStderr(ev('ShutdownOld', 0, 0, 1, 0));
    const stopping = await statusJson();
    assert.deepEqual([stopping.operation, stopping.deployInProgress, stopping.stopInProgress, stopping.waitingFor], ['stop', false, true, 'shutdown']);
    assert.deepEqual(stopping.workers.map((w) => [w.index, w.pid, w.state]), [[0, newWorker, 'dying']]);
    assert.match((await ctx.sandbox.naught(['status', '--workers'])).stdout, /\ndeploy {2}none\nstop {4}in progress\n/);
    process.kill(newWorker, 'SIGKILL');
    expectRun(await stop.result, { stdout: '', stderr: text(...stopLines(1)), code: 0 });
  });

  it('in foreground mode the daemon is the CLI itself; its parent hears nothing of a detailed status', async function () {
    ctx.sandbox.useFixture('server-plain.js');
    const child = forkNaught(['start', '--daemon-mode', 'false', '--max-log-files', '4', '--log-timestamps', 'true', 'server.js'], { cwd: ctx.sandbox.dir, env: { PORT: String(ctx.port) } });
    ctx.sandbox.trackPid(child.pid as number);
    const messages: Array<{ event: string }> = [];
    child.on('message', (message: { event: string }) => messages.push(message));
    const run = new LiveRun(child, ['(forked) start --daemon-mode false']);
    await waitFor(() => messages.some((message) => message.event === 'Ready'), 15_000, 'Ready');

    const detail = await statusJson();
    assert.equal(detail.daemon.pid, child.pid);
    assert.equal(detail.master.pid, child.pid);
    assert.equal(detail.daemon.foreground, true);
    assert.deepEqual(detail.logOptions, { maxLogSize: 10485760, maxLogFiles: 4, logTimestamps: true });
    const heard = messages.length;
    expectRun(await ctx.sandbox.naught(['status']), { stdout: 'workers online: 1\n', stderr: '', code: 0 });
    await waitFor(() => messages.length > heard, 5_000, 'the Status of the plain status');
    assert.deepEqual(messages.slice(heard), [{ event: 'Status', waitingFor: null, count: { booting: 0, online: 1, dying: 0, new_online: 0 } }], 'only the plain status’s answer, not the detailed one');

    child.kill('SIGTERM');
    const ended = await run.result;
    assert.equal(ended.code, 0, JSON.stringify(ended));
  });

  it('over the wire: a StatusDetail frame to the asker only; 1.6.0’s NaughtStatus is answered as before', async function () {
    await startDaemon(ctx, 'server-plain.js', 1);
    const socketPath = ctx.sandbox.path('naught.ipc');
    const follower = await RawClient.connect(socketPath);
    const asker = await RawClient.connect(socketPath);
    try {
      // An abort with nothing to abort: answered, and the client now follows every broadcast.
      follower.send({ action: 'NaughtDeployAbort' });
      await follower.waitForMessages(1);
      asker.send({ action: 'NaughtStatusDetail' });
      const [detail] = (await asker.waitForMessages(1)) as Array<Record<string, unknown>>;
      assert.equal(detail.event, 'StatusDetail');
      assert.deepEqual(detail.count, { booting: 0, online: 1, dying: 0, new_online: 0 });
      asker.send({ action: 'NaughtStatus' });
      const [, status] = await asker.waitForMessages(2);
      assert.deepEqual(status, { event: 'Status', waitingFor: null, count: { booting: 0, online: 1, dying: 0, new_online: 0 } });
      asker.send({ action: 'NaughtBogus' });
      const [, , unrecognized] = await asker.waitForMessages(3);
      assert.deepEqual(unrecognized, { event: 'UnrecognizedMessage', waitingFor: null, count: { booting: 0, online: 1, dying: 0, new_online: 0 } });
      assert.deepEqual(follower.messages, [{ event: 'ErrorNoDeployInProgress', waitingFor: null, count: { booting: 0, online: 1, dying: 0, new_online: 0 } }], 'the other client heard none of it');
    } finally {
      follower.close();
      asker.close();
    }
    expectRun(await ctx.sandbox.naught(['stop']), { stdout: '', stderr: text(...stopLines(1)), code: 0 });
  });

  it('not running: `server not running`, exit 1; bad flags: one line and the status help, exit 1', async function () {
    for (const flag of ['--json', '--workers']) {
      expectRun(await ctx.sandbox.naught(['status', flag]), { stdout: '', stderr: 'server not running\n', code: 1 });
    }
    const help = (await ctx.sandbox.naught(['help', 'status'])).stdout;
    for (const [args, problem] of [
      [['status', '--json', '--workers'], '--json and --workers cannot be combined'],
      [['status', '--json=yes'], 'option --json takes no value'],
      [['status', '--table'], 'unknown option --table'],
      [['status', '--workers', 'a.ipc', 'b.ipc'], 'unexpected argument "b.ipc"'],
    ] as const) {
      expectRun(await ctx.sandbox.naught([...args]), { stdout: '', stderr: `naught status: ${problem}\n${help}`, code: 1 }, args.join(' '));
    }
  });
});
