// Hostile input on the daemon's socket (raw net.connect): garbage, truncated, oversized and malformed frames,
// invalid requests. After each, the daemon still runs, `naught status` answers and a deploy replaces every worker.
import { strict as assert } from 'node:assert';
import { freePort, Sandbox, sleep } from '../test/helpers/naught';
import { ev } from '../test/helpers/expected-output';
import { recordOutcome } from './helpers/record';
import { assertDaemonServes, startServer, stopClean, workersOf } from './helpers/fb-daemon';
import { frame, RawClient } from './helpers/fb-raw-ipc';

const WORKERS = 2;
/** The limit naught-core's framing documents: 1 MiB of JSON text. */
const FRAME_LIMIT = 1024 * 1024;

describe('hostile ipc: bad frames and bad requests', function () {
  this.timeout(120_000);
  let sandbox: Sandbox;
  let daemon: number;
  let env: NodeJS.ProcessEnv;
  let ipc: string;

  before(async () => {
    sandbox = await Sandbox.create();
    sandbox.useFixture('fix-http.js');
    env = { PORT: String(await freePort()) };
    daemon = await startServer(sandbox, WORKERS, env);
    ipc = sandbox.path('naught.ipc');
  });
  after(async () => {
    await stopClean(sandbox, daemon, WORKERS);
    await sandbox.cleanup();
  });

  /** Log lines the daemon wrote since `mark` (a line count of naught.log). */
  const logSince = (mark: number): string[] => sandbox.read('naught.log').split('\n').slice(mark, -1);
  const logMark = (): number => sandbox.read('naught.log').split('\n').length - 1;

  /** Sends `bytes`; expects the daemon to close the connection without a reply and log `reason` once. */
  async function expectCutOff(fault: string, bytes: string | Buffer, reason: RegExp): Promise<void> {
    const mark = logMark();
    const workers = workersOf(daemon);
    const client = await RawClient.connect(ipc);
    await client.write(bytes);
    assert.ok(await client.closedWithin(5_000), `the daemon closes the connection after ${fault}`);
    assert.equal(client.received, '', 'no reply to a broken frame');
    const logged = logSince(mark);
    assert.equal(logged.length, 1, `one line in naught.log: ${JSON.stringify(logged)}`);
    assert.match(logged[0], reason);
    assert.deepStrictEqual(workersOf(daemon), workers, 'the workers are untouched');
    await assertDaemonServes(sandbox, daemon, WORKERS, env);
    recordOutcome({ area: 'hostile ipc', fault, point: 'idle server', outcome: `connection closed, no reply; logged "${logged[0].replace(/^ipc client \d+ /, '')}"; status and deploy work`, orphans: 0 });
  }

  it('binary garbage: the connection is closed and one line logged', async () => {
    await expectCutOff('binary garbage', Buffer.from([0xff, 0x00, 0x13, 0x37, 0x0a, 0x41, 0x42, 0xfe]), /^ipc client \d+ disconnected: malformed frame header$/);
  });

  it('a text line that is not a frame: closed, logged', async () => {
    await expectCutOff('a line of text', 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', /^ipc client \d+ disconnected: malformed frame header$/);
  });

  it('a length header that never ends: closed once it is longer than any valid header', async () => {
    await expectCutOff('endless length header', '9'.repeat(64), /^ipc client \d+ disconnected: frame header too long$/);
  });

  it('a frame declaring one byte more than 1 MiB is refused at its header, before any body is sent', async () => {
    await expectCutOff('frame over the 1 MiB limit', `${FRAME_LIMIT + 1}\n{`, new RegExp(`^ipc client \\d+ disconnected: frame of ${FRAME_LIMIT + 1} exceeds the limit of ${FRAME_LIMIT}$`));
  });

  it('invalid JSON in a well-formed frame: closed, logged', async () => {
    await expectCutOff('invalid JSON in a frame', '16\n{"action": Naugh', /^ipc client \d+ disconnected: frame is not valid JSON$/);
  });

  it('a frame of exactly 1 MiB is accepted and answered', async () => {
    // A status request padded to the limit: large but legal (a deploy may carry a big environment).
    const base = { action: 'NaughtStatus', padding: '' };
    const padding = 'p'.repeat(FRAME_LIMIT - JSON.stringify(base).length);
    const client = await RawClient.connect(ipc);
    await client.write(frame({ ...base, padding }));
    await client.waitForFrames(1);
    assert.deepStrictEqual(client.frames(), [{ event: 'Status', waitingFor: null, count: { booting: 0, online: WORKERS, dying: 0, new_online: 0 } }]);
    client.destroy();
    recordOutcome({ area: 'hostile ipc', fault: 'frame of exactly 1 MiB', point: 'idle server', outcome: 'accepted and answered (the limit is inclusive)' });
  });

  it('a truncated frame, then close: nothing happens, even when the frame was a stop', async () => {
    const mark = logMark();
    const workers = workersOf(daemon);
    const stopFrame = frame({ action: 'NaughtShutdown', timeout: null });
    const client = await RawClient.connect(ipc);
    await client.write(stopFrame.slice(0, stopFrame.length - 3));
    await sleep(300);
    client.socket.end();
    assert.ok(await client.closedWithin(5_000), 'the connection ends');
    assert.deepStrictEqual(logSince(mark), [], 'nothing logged: a client may hang up mid-frame');
    assert.deepStrictEqual(workersOf(daemon), workers, 'no worker was stopped');
    await assertDaemonServes(sandbox, daemon, WORKERS, env);
    recordOutcome({ area: 'hostile ipc', fault: 'truncated frame (a stop) then close', point: 'idle server', outcome: 'ignored silently; nothing stopped; status and deploy work', orphans: 0 });
  });

  it('a request dripped one byte at a time, split inside a UTF-8 character, is answered', async () => {
    const client = await RawClient.connect(ipc);
    const bytes = Buffer.from(frame({ action: 'NaughtStatus', note: 'déjà vu ✓' }));
    for (const byte of bytes) {
      await client.write(Buffer.from([byte]));
      await sleep(1);
    }
    await client.waitForFrames(1);
    assert.equal((client.frames()[0] as { event: string }).event, 'Status');
    client.destroy();
    recordOutcome({ area: 'hostile ipc', fault: 'request sent one byte per write', point: 'idle server', outcome: 'reassembled and answered' });
  });

  it('unknown actions and ill-typed requests get UnrecognizedMessage on a connection that stays usable; none acts', async () => {
    const mark = logMark();
    const workers = workersOf(daemon);
    const bad: unknown[] = [
      { action: 'NaughtFormatDisk' },
      [],
      42,
      null,
      { action: 'NaughtDeploy', newWorkerCount: -1 },
      { action: 'NaughtDeploy', newWorkerCount: 'many' },
      { action: 'NaughtDeploy', environment: { PATH: 1 } },
      { action: 'NaughtDeploy', cwd: ['/'] },
      { action: 'NaughtShutdown', timeout: -5 },
      { action: 'NaughtShutdown', timeout: 'soon' },
    ];
    const client = await RawClient.connect(ipc);
    await client.write(bad.map(frame).join(''));
    await client.waitForFrames(bad.length);
    const unrecognized = { event: 'UnrecognizedMessage', waitingFor: null, count: { booting: 0, online: WORKERS, dying: 0, new_online: 0 } };
    assert.deepStrictEqual(client.frames(), bad.map(() => unrecognized));
    // The same connection still works for a valid request.
    await client.write(frame({ action: 'NaughtStatus' }));
    await client.waitForFrames(bad.length + 1);
    assert.equal((client.frames()[bad.length] as { event: string }).event, 'Status');
    assert.ok(!client.closed, 'the connection stays open');
    client.destroy();

    const logged = logSince(mark);
    assert.deepStrictEqual(logged, [...bad.map(() => ev('UnrecognizedMessage', 0, WORKERS, 0, 0)), ev('Status', 0, WORKERS, 0, 0)]);
    assert.deepStrictEqual(workersOf(daemon), workers, 'no request acted: same workers');
    await assertDaemonServes(sandbox, daemon, WORKERS, env);
    recordOutcome({
      area: 'hostile ipc',
      fault: `${bad.length} unknown or ill-typed requests on one connection`,
      point: 'idle server',
      outcome: 'each answered UnrecognizedMessage and logged; nothing acted; connection stays usable',
      figures: { requests: bad.length },
    });
  });
});
