import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { httpGet, type RunResult, useSandbox } from '../helpers/naught';
import { bootLines, ready, stopLines, text } from '../helpers/expected-output';
import { daemonPid, expectNothingRunning, runNaughtAsNobody, workerPids } from '../helpers/processes';
import { expectRun, waitForFileContent } from '../helpers/cli-suite';

describe('bad input', function () {
  const ctx = useSandbox();
  const helpTexts = new Map<string, string>();

  beforeEach(function () {
    // The help texts show the directory they ran in (start's and deploy's --cwd default), so one set per sandbox.
    helpTexts.clear();
  });

  async function helpOf(command: string): Promise<string> {
    let help = helpTexts.get(command);
    if (help === undefined) {
      const result = await ctx.sandbox.naught(['help', command]);
      assert.equal(result.code, 0, `naught help ${command}`);
      help = result.stdout;
      helpTexts.set(command, help);
    }
    return help;
  }

  /** One error line `naught CMD: ...`, then CMD's help text, on stderr; nothing on stdout; exit 1. */
  async function expectUsageError(args: string[]): Promise<RunResult> {
    const command = args[0];
    const result = await ctx.sandbox.naught(args, { env: { PORT: String(ctx.port) } });
    const label = `naught ${args.join(' ')}: ${JSON.stringify(result)}`;
    assert.equal(result.code, 1, label);
    assert.equal(result.signal, null, label);
    assert.equal(result.stdout, '', label);
    const newline = result.stderr.indexOf('\n');
    assert.ok(newline > 0, label);
    const firstLine = result.stderr.slice(0, newline);
    assert.ok(firstLine.startsWith(`naught ${command}: `) && firstLine.length > `naught ${command}: `.length, label);
    assert.equal(result.stderr.slice(newline + 1).trim(), (await helpOf(command)).trim(), label);
    return result;
  }

  async function expectNothingLeft(): Promise<void> {
    await expectNothingRunning(ctx.sandbox);
    assert.equal(ctx.sandbox.exists('naught.ipc'), false, 'no ipc file left');
    assert.equal(ctx.sandbox.exists('naught.pid'), false, 'no pid file left');
  }

  it('start: unknown option, missing value, bad or zero --worker-count, missing script: one error line and the help, exit 1, nothing started', async function () {
    ctx.sandbox.useFixture('server-plain.js');
    for (const args of [
      ['start', '--bogus', '1', 'server.js'],
      ['start', '--worker-count'],
      ['start', '--ipc-file'],
      ['start', '--worker-count', 'abc', 'server.js'],
      ['start', '--worker-count', '0', 'server.js'],
      ['start'],
    ]) {
      await expectUsageError(args);
      await expectNothingLeft();
    }
  });

  it('start: a script that does not exist gives one `naught start: ` line naming it, exit 1, nothing left', async function () {
    const result = await ctx.sandbox.naught(['start', 'missing-server.js'], { env: { PORT: String(ctx.port) } });
    assert.equal(result.code, 1, JSON.stringify(result));
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^naught start: [^\n]*missing-server\.js[^\n]*\n$/);
    await expectNothingLeft();
    assert.deepEqual(fs.readdirSync(ctx.sandbox.dir), [], 'no log files either');
  });

  it('start: a log or ipc directory that cannot be created: `unable to start daemon: <reason>`, exit 1, nothing left', async function () {
    ctx.sandbox.useFixture('server-plain.js');
    fs.writeFileSync(ctx.sandbox.path('afile'), 'a regular file');
    for (const option of ['--ipc-file', '--log', '--stdout', '--stderr']) {
      const result = await ctx.sandbox.naught(['start', option, 'afile/sub/x.file', 'server.js'], { env: { PORT: String(ctx.port) } });
      expectRun(result, { stdout: '', stderr: `unable to start daemon: ENOTDIR: not a directory, mkdir '${ctx.sandbox.path('afile', 'sub')}'\n`, code: 1 }, option);
      await expectNothingLeft();
    }
  });

  it('status, deploy-abort, version, stop and deploy: extra arguments, unknown options, bad values are refused while no server runs', async function () {
    for (const args of [
      ['status', 'a.ipc', 'b.ipc'],
      ['deploy-abort', 'a.ipc', 'b.ipc'],
      ['version', 'extra'],
      ['stop', 'a.ipc', 'b.ipc'],
      ['stop', '--bogus', '1'],
      ['stop', '--timeout'],
      ['stop', '--timeout', 'abc'],
      ['deploy', 'a.ipc', 'b.ipc'],
      ['deploy', '--bogus', '1'],
      ['deploy', '--cwd'],
      ['deploy', '--timeout', 'abc'],
      ['deploy', '--worker-count', 'abc'],
    ]) {
      await expectUsageError(args);
    }
    await expectNothingLeft();
  });

  it('a running server is left alone by invalid stop and deploy commands', async function () {
    ctx.sandbox.useFixture('server-plain.js');
    expectRun(await ctx.sandbox.naught(['start', 'server.js'], { env: { PORT: String(ctx.port), hi: 'untouched' } }), {
      stdout: 'workers online: 1\n',
      stderr: text(...bootLines(1)),
      code: 0,
    });
    const daemon = daemonPid(ctx.sandbox);
    const workers = workerPids(daemon);
    const logBefore = await waitForFileContent(ctx.sandbox.path('naught.log'), ready(1));
    for (const args of [
      ['stop', '--timeout', 'abc'],
      ['stop', '--bogus', '1'],
      ['stop', 'naught.ipc', 'extra'],
      ['deploy', '--timeout', 'abc'],
      ['deploy', '--worker-count', 'abc'],
      ['deploy', '--bogus', '1'],
      ['deploy-abort', 'naught.ipc', 'extra'],
    ]) {
      await expectUsageError(args);
    }
    assert.deepEqual(workerPids(daemon), workers);
    assert.equal(ctx.sandbox.read('naught.log'), logBefore, 'the daemon was never asked anything');
    assert.equal((await httpGet(ctx.port, '/hi')).body, 'plain untouched');
    expectRun(await ctx.sandbox.naught(['stop']), { stdout: '', stderr: text(...stopLines(1)), code: 0 });
  });

  it('the ipc socket is owner-only: another user gets one permission line, exit 1, and the server is untouched', async function () {
    ctx.sandbox.useFixture('server-plain.js');
    fs.chmodSync(ctx.sandbox.dir, 0o755);
    expectRun(await ctx.sandbox.naught(['start', 'server.js'], { env: { PORT: String(ctx.port), hi: 'mine' } }), {
      stdout: 'workers online: 1\n',
      stderr: text(...bootLines(1)),
      code: 0,
    });
    const ipc = ctx.sandbox.path('naught.ipc');
    assert.equal(fs.statSync(ipc).mode & 0o777, 0o600);
    const daemon = daemonPid(ctx.sandbox);
    const workers = workerPids(daemon);
    const denied = `unable to connect to ipc-file \`${ipc}\`: permission denied\n`;
    for (const args of [['status', ipc], ['deploy', ipc], ['stop', ipc], ['deploy-abort', ipc]]) {
      expectRun(await runNaughtAsNobody(args, { cwd: ctx.sandbox.dir }), { stdout: '', stderr: denied, code: 1 }, `as nobody: naught ${args.join(' ')}`);
    }
    assert.deepEqual(workerPids(daemon), workers, 'no deploy, no stop');
    assert.equal((await httpGet(ctx.port, '/hi')).body, 'plain mine');
    expectRun(await ctx.sandbox.naught(['status']), { stdout: 'workers online: 1\n', stderr: '', code: 0 });
    expectRun(await ctx.sandbox.naught(['stop']), { stdout: '', stderr: text(...stopLines(1)), code: 0 });
  });
});
