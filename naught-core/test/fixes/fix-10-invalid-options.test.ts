// Fix 10: invalid options print one error line and the command's help on stderr, and exit non-zero.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { useSandbox } from '../helpers/naught';

const INVALID: string[][] = [
  ['start', '--bogus', 'x', 'server.js'],
  ['start', '--worker-count', 'abc', 'server.js'],
  ['start', '--worker-count', '0', 'server.js'],
  ['start', '--worker-count'],
  ['stop', '--timeout', 'abc'],
  ['stop', '--bogus', '1'],
  ['stop', 'one.ipc', 'two.ipc'],
  ['deploy', '--worker-count', 'abc'],
  ['deploy', '--timeout', 'abc'],
  ['deploy', '--bogus', '1'],
  ['deploy', '--timeout'],
  ['status', 'one.ipc', 'two.ipc'],
  ['deploy-abort', 'one.ipc', 'two.ipc'],
  ['version', 'extra'],
];

describe('fix 10: invalid options', function () {
  this.timeout(60_000);
  const ctx = useSandbox();

  it("fix 10: each invalid command line prints `naught <command>: ...` and that command's help on stderr, exit 1, and starts nothing", async () => {
    // naught 1.6.0: it printed the help but exited 0, and silently took `--timeout abc` as no timeout.
    ctx.sandbox.useFixture('fix-http.js');
    const commands = [...new Set(INVALID.map((args) => args[0]))];
    const helps = new Map<string, string>();
    for (const command of commands) {
      const help = await ctx.sandbox.naught(['help', command]);
      assert.equal(help.stderr, '');
      assert.ok(help.stdout.startsWith(`naught ${command}`), `naught help ${command} prints its help: ${JSON.stringify(help)}`);
      helps.set(command, help.stdout);
    }

    const results = await Promise.all(INVALID.map((args) => ctx.sandbox.naught(args)));
    INVALID.forEach((args, i) => {
      const result = results[i];
      const what = `naught ${args.join(' ')} -> ${JSON.stringify(result)}`;
      assert.equal(result.code, 1, `exit 1: ${what}`);
      assert.equal(result.signal, null);
      assert.equal(result.stdout, '', `nothing on stdout: ${what}`);
      const newline = result.stderr.indexOf('\n');
      assert.ok(newline > 0, `an error line: ${what}`);
      const errorLine = result.stderr.slice(0, newline);
      assert.ok(errorLine.startsWith(`naught ${args[0]}: `) && errorLine.length > `naught ${args[0]}: `.length, `the error line names the command: ${what}`);
      assert.equal(result.stderr.slice(newline + 1), helps.get(args[0]), `the error line is followed by exactly the help of ${args[0]}: ${what}`);
    });

    assert.deepStrictEqual(fs.readdirSync(ctx.sandbox.dir), ['server.js'], 'nothing was started: no ipc, pid or log file');
  });
});
