// Fix 11: `deploy --worker-count auto` works; `--cwd` works with `--daemon-mode false`.
import { strict as assert } from 'node:assert';
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { NAUGHT_BIN, Sandbox, collect, descendantsOf, freePort, httpGet, isAlive, waitFor } from '../helpers/naught';
import { assertStoppedClean, bootStderr, daemonPid, deployEvents, stopStderr } from '../helpers/fixes-helpers';

describe('fix 11: deploy --worker-count auto, and --cwd in the foreground', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;

  beforeEach(async () => {
    sandbox = await Sandbox.create();
  });
  afterEach(async () => {
    await sandbox.cleanup();
  });

  it('fix 11: deploy --worker-count auto runs one worker per CPU', async () => {
    // naught 1.6.0: deploy parsed `auto` with parseInt, got NaN, printed the help and deployed nothing.
    const cpus = os.cpus().length;
    sandbox.useFixture('fix-http.js');
    const port = await freePort();
    const env = { PORT: String(port) };
    const start = await sandbox.naught(['start', 'server.js'], { env });
    assert.deepStrictEqual(start, { stdout: 'workers online: 1\n', stderr: bootStderr(1), code: 0, signal: null });
    const daemon = daemonPid(sandbox);

    const deploy = await sandbox.naught(['deploy', '--worker-count', 'auto'], { env, timeoutMs: 30_000 });
    assert.deepStrictEqual(deploy, { stdout: '', stderr: deployEvents(cpus, 1) + 'done\n', code: 0, signal: null });
    assert.deepStrictEqual(await sandbox.naught(['status']), { stdout: `workers online: ${cpus}\n`, stderr: '', code: 0, signal: null });
    assert.equal(descendantsOf(daemon).length, cpus, `${cpus} worker processes`);

    const stop = await sandbox.naught(['stop']);
    assert.deepStrictEqual(stop, { stdout: '', stderr: stopStderr(cpus), code: 0, signal: null });
    await assertStoppedClean(sandbox, daemon);
  });

  it('fix 11: --cwd sets the workers\' cwd with --daemon-mode false', async () => {
    // naught 1.6.0: in the foreground it spawned the master with the CLI's own cwd and ignored --cwd.
    sandbox.useFixture('fix-http.js');
    fs.mkdirSync(sandbox.path('app'));
    const port = await freePort();
    // Forked as a service wrapper would, with an IPC channel; execArgv is cleared so the CLI does not inherit mocha's --import=tsx.
    const cli = fork(NAUGHT_BIN, ['start', '--daemon-mode', 'false', '--cwd', 'app', 'server.js'], {
      cwd: sandbox.dir,
      env: { ...process.env, PORT: String(port) },
      execArgv: [],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    assert.ok(cli.pid !== undefined);
    sandbox.trackPid(cli.pid);
    const messages: unknown[] = [];
    cli.on('message', (message) => messages.push(message));
    const exited = collect(cli, 30_000, ['start', '--daemon-mode', 'false']);
    exited.catch(() => undefined);

    await waitFor(() => messages.some((message) => (message as { event?: string }).event === 'Ready'), 15_000, 'the foreground server to be ready');
    assert.deepStrictEqual(messages[0], { event: 'IpcListening' }, 'the first message is IpcListening');
    assert.equal((await httpGet(port, '/cwd')).body, sandbox.path('app'), "the worker's cwd is --cwd");
    const workers = descendantsOf(cli.pid);
    assert.equal(workers.length, 1, `one worker: ${workers.join(', ')}`);

    const stop = await sandbox.naught(['stop']);
    assert.deepStrictEqual(stop, { stdout: '', stderr: stopStderr(1), code: 0, signal: null });
    const result = await exited;
    assert.deepStrictEqual(result, { stdout: '', stderr: '', code: 0, signal: null }, 'the foreground CLI prints nothing itself and exits 0 after the stop');
    assert.ok(!isAlive(workers[0]), 'the worker is gone');
    await assertStoppedClean(sandbox, cli.pid);
  });
});
