import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { forkNaught, httpGet, LiveRun, sleep, spawnNaught, useSandbox } from '../helpers/naught';
import { bootLines, ready, SHUTDOWN_LINE, stopLines, text } from '../helpers/expected-output';
import { waitForDeath } from '../helpers/processes';
import { expectRun } from '../helpers/cli-suite';

interface Counts {
  booting: number;
  online: number;
  dying: number;
  new_online: number;
}

function msg(event: string, waitingFor: string | null, booting: number, online: number, dying: number, newOnline: number): object {
  return { event, waitingFor, count: { booting, online, dying, new_online: newOnline } };
}

/** Collects the IPC messages and output of a forked foreground CLI. */
class ForkedNaught {
  readonly messages: unknown[] = [];
  readonly run: LiveRun;

  constructor(readonly child: ChildProcess) {
    child.on('message', (message) => this.messages.push(message));
    this.run = new LiveRun(child, ['(forked) start --daemon-mode false'], 40_000);
  }

  /** Waits for `count` messages in total, then returns the ones from `from` on. */
  async waitForMessages(count: number, from = 0, timeoutMs = 15_000): Promise<unknown[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.messages.length < count) {
      if (Date.now() > deadline || !this.run.running) {
        throw new Error(`expected ${count} messages, got ${this.messages.length}: ${JSON.stringify(this.messages, null, 1)}\nstderr: ${this.run.stderr}`);
      }
      await sleep(20);
    }
    return this.messages.slice(from, count);
  }
}

describe('foreground mode (--daemon-mode false)', function () {
  const ctx = useSandbox();

  it('forked with IPC: sends IpcListening then exact {event, waitingFor, count} messages; SIGHUP deploys, SIGTERM stops, exit 0', async function () {
    ctx.sandbox.useFixture('server-plain.js');
    const fg = new ForkedNaught(forkNaught(['start', '--daemon-mode', 'false', 'server.js'], { cwd: ctx.sandbox.dir, env: { PORT: String(ctx.port), hi: 'no daemons here' } }));
    ctx.sandbox.trackPid(fg.child.pid!);

    const boot = await fg.waitForMessages(5);
    assert.deepStrictEqual(boot, [
      { event: 'IpcListening' },
      msg('Bootup', null, 0, 0, 0, 0),
      msg('SpawnNew', 'new', 1, 0, 0, 0),
      msg('NewOnline', 'new', 0, 0, 0, 1),
      msg('Ready', null, 0, 1, 0, 0),
    ]);
    assert.equal((await httpGet(ctx.port, '/hi')).body, 'plain no daemons here');
    const beforeDeploy = fg.messages.length;

    fg.child.kill('SIGHUP');
    const deploy = await fg.waitForMessages(beforeDeploy + 5, beforeDeploy);
    assert.deepStrictEqual(deploy, [
      msg('SpawnNew', 'new', 1, 1, 0, 0),
      msg('NewOnline', 'new', 0, 1, 0, 1),
      msg('ShutdownOld', 'old', 0, 0, 1, 1),
      msg('OldExit', 'old', 0, 0, 0, 1),
      msg('Ready', null, 0, 1, 0, 0),
    ]);
    assert.equal((await httpGet(ctx.port, '/hi')).body, 'plain no daemons here');

    const beforeStop = fg.messages.length;
    fg.child.kill('SIGTERM');
    const result = await fg.run.result;
    expectRun(result, { stdout: '', stderr: '', code: 0 }, 'the foreground CLI prints nothing of its own');
    const stop = fg.messages.slice(beforeStop);
    assert.equal(stop.length, 3, JSON.stringify(stop));
    assert.deepStrictEqual(stop.slice(0, 2), [msg('ShutdownOld', 'shutdown', 0, 0, 1, 0), msg('OldExit', 'shutdown', 0, 0, 0, 0)]);
    const shutdown = stop[2] as { event: string; count: Counts };
    assert.deepStrictEqual(Object.keys(shutdown).sort(), ['count', 'event', 'waitingFor']);
    assert.equal(shutdown.event, 'Shutdown');
    assert.deepStrictEqual(shutdown.count, { booting: 0, online: 0, dying: 0, new_online: 0 });

    // No message ever carries keys beyond {event, waitingFor, count}.
    for (const message of fg.messages.slice(1)) {
      assert.deepStrictEqual(Object.keys(message as object).sort(), ['count', 'event', 'waitingFor'], JSON.stringify(message));
    }
    assert.equal(ctx.sandbox.exists('naught.ipc'), false, 'ipc file removed');
    assert.equal(
      ctx.sandbox.read('naught.log'),
      text(...bootLines(1), ready(1), 'SpawnNew. booting: 1, online: 1, dying: 0, new_online: 0',
        'NewOnline. booting: 0, online: 1, dying: 0, new_online: 1', 'ShutdownOld. booting: 0, online: 0, dying: 1, new_online: 1',
        'OldExit. booting: 0, online: 0, dying: 0, new_online: 1', ready(1), ...stopLines(1), SHUTDOWN_LINE),
    );
  });

  it('honours --cwd, and exits 0 after `naught stop`', async function () {
    ctx.sandbox.useFixture('server-plain.js');
    fs.mkdirSync(ctx.sandbox.path('sub'));
    const fg = new ForkedNaught(forkNaught(['start', '--daemon-mode', 'false', '--cwd', 'sub', 'server.js'], { cwd: ctx.sandbox.dir, env: { PORT: String(ctx.port) } }));
    ctx.sandbox.trackPid(fg.child.pid!);
    await fg.waitForMessages(5);
    assert.equal((await httpGet(ctx.port, '/cwd')).body, ctx.sandbox.path('sub'));
    assert.ok(ctx.sandbox.exists('naught.log'), 'the log resolves against the start directory');
    assert.ok(ctx.sandbox.exists('naught.ipc'));

    expectRun(await ctx.sandbox.naught(['stop']), { stdout: '', stderr: text(...stopLines(1)), code: 0 });
    expectRun(await fg.run.result, { stdout: '', stderr: '', code: 0 });
  });

  it("with `-` for --log, --stdout and --stderr: events and the workers' output go to its own streams; SIGINT stops it, exit 0", async function () {
    ctx.sandbox.useFixture('server-stdio.js');
    const args = ['start', '--daemon-mode', 'false', '--log', '-', '--stdout', '-', '--stderr', '-', 'server.js'];
    const fg = new LiveRun(spawnNaught(args, { cwd: ctx.sandbox.dir, env: { PORT: String(ctx.port) } }), ['start --log - --stdout - --stderr -']);
    ctx.sandbox.trackPid(fg.child.pid!);
    await fg.waitForStderr(`${ready(1)}\n`);
    assert.equal((await httpGet(ctx.port, '/stdout')).body, 'stdout');
    fg.child.kill('SIGINT');
    const result = await fg.result;
    assert.equal(result.code, 0, JSON.stringify(result));
    const text36 = 'abcdefghijklmnopqrstuvwxyz0123456789';
    assert.equal(result.stdout, text('stdio 0 booting', `out 0 ${text36}`, `out 0 ${text36}`), 'the worker wrote to the CLI stdout');
    const stderrLines = result.stderr.split('\n');
    assert.equal(stderrLines.filter((line) => line === 'stdio 0 listening').length, 1, result.stderr);
    assert.equal(
      stderrLines.filter((line) => line !== 'stdio 0 listening').join('\n'),
      text(...bootLines(1), ready(1), ...stopLines(1), SHUTDOWN_LINE),
      'the event lines on stderr, nothing else',
    );
    for (const absent of ['naught.log', 'stdout.log', 'stderr.log']) assert.equal(ctx.sandbox.exists(absent), false, `${absent} must not exist`);
  });

  it('exits 1, printing nothing, when the server crashes at boot', async function () {
    ctx.sandbox.useFixture('server-crash-at-boot.js');
    const fg = new ForkedNaught(forkNaught(['start', '--daemon-mode', 'false', 'server.js'], { cwd: ctx.sandbox.dir, env: { PORT: String(ctx.port) } }));
    ctx.sandbox.trackPid(fg.child.pid!);
    expectRun(await fg.run.result, { stdout: '', stderr: '', code: 1 });
    assert.deepStrictEqual(fg.messages.slice(0, 4), [
      { event: 'IpcListening' },
      msg('Bootup', null, 0, 0, 0, 0),
      msg('SpawnNew', 'new', 1, 0, 0, 0),
      msg('NewDeath', 'new', 0, 0, 0, 0),
    ]);
    await waitForDeath([fg.child.pid!], 'the CLI');
    assert.equal(ctx.sandbox.exists('naught.ipc'), false);
  });
});
