import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NAUGHT_CORE_ROOT, useSandbox } from '../helpers/naught';
import { expectRun } from '../helpers/cli-suite';

const COMMANDS = ['start', 'stop', 'status', 'deploy', 'deploy-abort', 'version', 'help'];

/** The first line of each command's help, as in naught 1.6.0's manual. */
const USAGE: Record<string, string> = {
  start: 'naught start [options] server.js [script-options]',
  stop: 'naught stop [options] [ipc-file]',
  status: 'naught status [ipc-file]',
  deploy: 'naught deploy [options] [ipc-file]',
  'deploy-abort': 'naught deploy-abort [ipc-file]',
  version: 'naught version',
  help: 'naught help [cmd]',
};

describe('naught version and help', function () {
  const ctx = useSandbox();

  it("`naught version` prints naught-core's package.json version and exits 0", async function () {
    const { version } = JSON.parse(fs.readFileSync(path.join(NAUGHT_CORE_ROOT, 'package.json'), 'utf8')) as { version: string };
    expectRun(await ctx.sandbox.naught(['version']), { stdout: `${version}\n`, stderr: '', code: 0 });
  });

  it('`naught help CMD` prints that help text on stdout and exits 0', async function () {
    for (const command of COMMANDS) {
      const result = await ctx.sandbox.naught(['help', command]);
      assert.equal(result.code, 0, command);
      assert.equal(result.stderr, '', command);
      assert.equal(result.stdout.split('\n')[0], USAGE[command], command);
    }
    const start = (await ctx.sandbox.naught(['help', 'start'])).stdout;
    for (const option of [
      '--worker-count 1',
      '--ipc-file naught.ipc',
      '--log naught.log',
      '--stdout stdout.log',
      '--stderr stderr.log',
      '--max-log-size 10485760',
      '--cwd ',
      '--daemon-mode true',
      '--remove-old-ipc false',
      "--node-args ''",
    ]) {
      assert.ok(start.includes(option), `help start mentions ${option}:\n${start}`);
    }
    const deploy = (await ctx.sandbox.naught(['help', 'deploy'])).stdout;
    for (const option of ['--worker-count 0', '--override-env true', '--timeout none', '--cwd ']) {
      assert.ok(deploy.includes(option), `help deploy mentions ${option}:\n${deploy}`);
    }
    assert.ok((await ctx.sandbox.naught(['help', 'stop'])).stdout.includes('--timeout none'));
  });

  it('no command, or an unknown one, prints every help text on stderr and exits 1', async function () {
    const helps: string[] = [];
    for (const command of COMMANDS) helps.push((await ctx.sandbox.naught(['help', command])).stdout.trim());
    for (const args of [[], ['bogus'], ['--help-me']]) {
      const result = await ctx.sandbox.naught(args);
      assert.equal(result.code, 1, JSON.stringify(args));
      assert.equal(result.stdout, '', JSON.stringify(args));
      for (const help of helps) assert.ok(result.stderr.includes(help), `naught ${args.join(' ')}: stderr lacks\n${help}\n---\n${result.stderr}`);
    }
  });

  it("naught-core's own commands have their own help, and stay out of 1.6.0's usage text", async function () {
    const helps: string[] = [];
    for (const command of COMMANDS) helps.push((await ctx.sandbox.naught(['help', command])).stdout);
    // 1.6.0's layout: each help between a blank line before and two after, nothing else.
    const usage = helps.map((help) => `\n${help.slice(0, -1)}\n\n`).join('');
    expectRun(await ctx.sandbox.naught([]), { stdout: '', stderr: usage, code: 1 });
    expectRun(await ctx.sandbox.naught(['help']), { stdout: '', stderr: usage, code: 0 });
    expectRun(await ctx.sandbox.naught(['help', 'bogus']), { stdout: '', stderr: usage, code: 0 });
    for (const [command, usageLine] of [
      ['logs', 'naught logs [options] [ipc-file]'],
      ['systemd-unit', 'naught systemd-unit [options] server.js [script-options]'],
    ]) {
      const result = await ctx.sandbox.naught(['help', command]);
      assert.equal(result.code, 0, command);
      assert.equal(result.stderr, '', command);
      assert.equal(result.stdout.split('\n')[0], usageLine, command);
      assert.ok(!usage.includes(usageLine), `the usage text does not list ${command}`);
    }
  });
});
