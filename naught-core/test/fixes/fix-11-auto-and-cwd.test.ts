// Fix 11: `deploy --worker-count auto` works; `--cwd` works with `--daemon-mode false`.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { collect, descendantsOf, forkNaught, httpGet, isAlive, useSandbox, waitFor } from '../helpers/naught';
import { bootLines, deployLines, stopLines, text } from '../helpers/expected-output';
import { daemonPid } from '../helpers/processes';
import { assertStoppedClean } from '../helpers/fixes-helpers';

describe('fix 11: deploy --worker-count auto, and --cwd in the foreground', function () {
  this.timeout(60_000);
  const ctx = useSandbox();

  it('fix 11: deploy --worker-count auto runs one worker per CPU', async () => {
    // naught 1.6.0: deploy parsed `auto` with parseInt, got NaN, printed the help and deployed nothing.
    const cpus = os.cpus().length;
    ctx.sandbox.useFixture('fix-http.js');
    const env = { PORT: String(ctx.port) };
    const start = await ctx.sandbox.naught(['start', 'server.js'], { env });
    assert.deepStrictEqual(start, { stdout: 'workers online: 1\n', stderr: text(...bootLines(1)), code: 0, signal: null });
    const daemon = daemonPid(ctx.sandbox);

    const deploy = await ctx.sandbox.naught(['deploy', '--worker-count', 'auto'], { env, timeoutMs: 30_000 });
    assert.deepStrictEqual(deploy, { stdout: '', stderr: text(...deployLines(cpus, 1), 'done'), code: 0, signal: null });
    assert.deepStrictEqual(await ctx.sandbox.naught(['status']), { stdout: `workers online: ${cpus}\n`, stderr: '', code: 0, signal: null });
    assert.equal(descendantsOf(daemon).length, cpus, `${cpus} worker processes`);

    const stop = await ctx.sandbox.naught(['stop']);
    assert.deepStrictEqual(stop, { stdout: '', stderr: text(...stopLines(cpus)), code: 0, signal: null });
    await assertStoppedClean(ctx.sandbox, daemon);
  });

  it('fix 11: --cwd sets the workers\' cwd with --daemon-mode false', async () => {
    // naught 1.6.0: in the foreground it spawned the master with the CLI's own cwd and ignored --cwd.
    ctx.sandbox.useFixture('fix-http.js');
    fs.mkdirSync(ctx.sandbox.path('app'));
    // Forked as a service wrapper would, with an IPC channel (and without mocha's --import=tsx).
    const cli = forkNaught(['start', '--daemon-mode', 'false', '--cwd', 'app', 'server.js'], { cwd: ctx.sandbox.dir, env: { PORT: String(ctx.port) } });
    assert.ok(cli.pid !== undefined);
    ctx.sandbox.trackPid(cli.pid);
    const messages: unknown[] = [];
    cli.on('message', (message) => messages.push(message));
    const exited = collect(cli, 30_000, ['start', '--daemon-mode', 'false']);
    exited.catch(() => undefined);

    await waitFor(() => messages.some((message) => (message as { event?: string }).event === 'Ready'), 15_000, 'the foreground server to be ready');
    assert.deepStrictEqual(messages[0], { event: 'IpcListening' }, 'the first message is IpcListening');
    assert.equal((await httpGet(ctx.port, '/cwd')).body, ctx.sandbox.path('app'), "the worker's cwd is --cwd");
    const workers = descendantsOf(cli.pid);
    assert.equal(workers.length, 1, `one worker: ${workers.join(', ')}`);

    const stop = await ctx.sandbox.naught(['stop']);
    assert.deepStrictEqual(stop, { stdout: '', stderr: text(...stopLines(1)), code: 0, signal: null });
    const result = await exited;
    assert.deepStrictEqual(result, { stdout: '', stderr: '', code: 0, signal: null }, 'the foreground CLI prints nothing itself and exits 0 after the stop');
    assert.ok(!isAlive(workers[0]), 'the worker is gone');
    await assertStoppedClean(ctx.sandbox, cli.pid);
  });
});
