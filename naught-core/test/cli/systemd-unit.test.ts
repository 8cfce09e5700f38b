import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { collect, httpGet, LiveRun, NAUGHT_BIN, type RunResult, useSandbox, waitFor } from '../helpers/naught';
import { deployLines, stopLines, text } from '../helpers/expected-output';
import { expectRun } from '../helpers/cli-suite';

/** What systemd made of a unit: read back from `systemd-analyze verify`'s debug dump of the loaded unit. */
interface LoadedUnit {
  description: string;
  workingDirectory: string;
  environment: string[];
  /** argv as systemd will execute it (`$$` already turned into `$`). */
  execStart: string[];
  execReload: string[];
  execStop: string[];
  killMode: string;
  restart: string;
}

/** systemd prints an argv shell-quoted: plain words, or double-quoted ones with backslash escapes. */
function splitQuoted(commandLine: string): string[] {
  const words: string[] = [];
  let at = 0;
  while (at < commandLine.length) {
    if (commandLine[at] === ' ') {
      at += 1;
      continue;
    }
    let word = '';
    if (commandLine[at] === '"') {
      at += 1;
      while (commandLine[at] !== '"') {
        if (at >= commandLine.length) throw new Error(`unterminated quote in ${commandLine}`);
        if (commandLine[at] === '\\') at += 1;
        word += commandLine[at];
        at += 1;
      }
      at += 1;
    } else {
      while (at < commandLine.length && commandLine[at] !== ' ') word += commandLine[at++];
    }
    words.push(word);
  }
  return words;
}

/** At exec time systemd expands `$NAME` and turns `$$` into `$`; the unit must use only the latter. */
function expandDollars(word: string): string {
  assert.ok(!/\$/.test(word.replace(/\$\$/g, '')), `a lone $ in ${JSON.stringify(word)} would be expanded by systemd`);
  return word.replace(/\$\$/g, '$');
}

function verify(unitFile: string): RunResult {
  const result = spawnSync('systemd-analyze', ['verify', unitFile], { encoding: 'utf8' });
  return { stdout: result.stdout, stderr: result.stderr, code: result.status, signal: result.signal };
}

function loadUnit(unitFile: string): LoadedUnit {
  const dump = spawnSync('systemd-analyze', ['verify', unitFile], { encoding: 'utf8', env: { ...process.env, SYSTEMD_LOG_LEVEL: 'debug' } });
  const lines = `${dump.stdout}\n${dump.stderr}`.split('\n');
  const first = lines.indexOf(`\t-> Unit ${path.basename(unitFile)}:`);
  assert.ok(first !== -1, `systemd-analyze dumped the unit:\n${dump.stderr.slice(-2000)}`);
  const block: string[] = [];
  for (const line of lines.slice(first + 1)) {
    if (!line.startsWith('\t\t')) break;
    block.push(line);
  }
  const values = (name: string): string[] => block.filter((line) => line.startsWith(`\t\t${name}: `)).map((line) => line.slice(`\t\t${name}: `.length));
  const command = (name: string): string[] => {
    const at = block.indexOf(`\t\t-> ${name}:`);
    assert.ok(at !== -1 && block[at + 1].startsWith('\t\t\tCommand Line: '), `${name} in the dump`);
    return splitQuoted(block[at + 1].slice('\t\t\tCommand Line: '.length)).map(expandDollars);
  };
  return {
    description: values('Description')[0],
    workingDirectory: values('WorkingDirectory')[0],
    environment: values('Environment'),
    execStart: command('ExecStart'),
    execReload: command('ExecReload'),
    execStop: command('ExecStop'),
    killMode: values('KillMode')[0],
    restart: values('Restart')[0],
  };
}

describe('naught systemd-unit', function () {
  this.timeout(90_000);
  const ctx = useSandbox();

  before(function () {
    const probe = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
    if (probe.error !== undefined || probe.status !== 0) {
      throw new Error("systemd-analyze is needed by these tests and is missing: install Debian's systemd package (apt-get install systemd)");
    }
  });

  /** Runs one of the unit's commands as systemd would: its argv, in WorkingDirectory, with its Environment. */
  function runAsSystemd(unit: LoadedUnit, argv: string[]): LiveRun {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const assignment of unit.environment) env[assignment.slice(0, assignment.indexOf('='))] = assignment.slice(assignment.indexOf('=') + 1);
    const child = spawn(argv[0], argv.slice(1), { cwd: unit.workingDirectory, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    return new LiveRun(child, argv.slice(2), 60_000);
  }

  it('prints a unit that systemd-analyze verify accepts, whose commands start, deploy and stop the server exactly as written', async function () {
    // Spaces, a $ and a % in every path: the unit must quote and escape them for systemd.
    const app = ctx.sandbox.path('app dir $HOME 100%');
    ctx.sandbox.useFixture('server-argv.js', 'app dir $HOME 100%/server.js');
    const greeting = 'a "quoted" $value 100% \\ back';
    const args = [
      'systemd-unit', '--worker-count', '2', '--env', `PORT=${ctx.port}`, '--env', `GREETING=${greeting}`, '--node-args', '--max-old-space-size=256',
      '--description', 'my app, 100% naught', '--deploy-timeout', '30', '--stop-timeout', '5', '--max-log-files', '3', '--log-timestamps', 'true',
      'server.js', '--flag', 'a "b" $c 100%',
    ];
    const printed = await ctx.sandbox.naught(args, { cwd: app });
    assert.equal(printed.code, 0, JSON.stringify(printed));
    assert.equal(printed.stderr, '');
    const unitFile = ctx.sandbox.path('myapp.service');
    fs.writeFileSync(unitFile, printed.stdout);
    expectRun(verify(unitFile), { stdout: '', stderr: '', code: 0 }, 'systemd-analyze verify');
    for (const setting of ['Type=simple', 'KillMode=mixed', 'Restart=on-failure', 'After=network.target', 'WantedBy=multi-user.target']) {
      assert.ok(printed.stdout.split('\n').includes(setting), `${setting} in\n${printed.stdout}`);
    }

    const unit = loadUnit(unitFile);
    const naught = [process.execPath, NAUGHT_BIN];
    assert.deepEqual(unit, {
      description: 'my app, 100% naught',
      workingDirectory: app,
      environment: [`PORT=${ctx.port}`, `GREETING=${greeting}`],
      execStart: [
        ...naught, 'start', '--daemon-mode', 'false', '--worker-count', '2',
        '--ipc-file', `${app}/naught.ipc`, '--pid-file', `${app}/naught.pid`, '--log', `${app}/naught.log`,
        '--stdout', `${app}/stdout.log`, '--stderr', `${app}/stderr.log`, '--max-log-size', '10485760', '--max-log-files', '3',
        '--log-timestamps', 'true', '--cwd', app, '--remove-old-ipc', 'true', '--node-args', '--max-old-space-size=256',
        `${app}/server.js`, '--flag', 'a "b" $c 100%',
      ],
      execReload: [...naught, 'deploy', '--cwd', app, '--timeout', '30', `${app}/naught.ipc`],
      execStop: [...naught, 'stop', '--timeout', '5', `${app}/naught.ipc`],
      killMode: 'mixed',
      restart: 'on-failure',
    });

    // What systemctl start, reload and stop would run.
    const main = runAsSystemd(unit, unit.execStart);
    ctx.sandbox.trackPid(main.child.pid as number);
    await waitFor(async () => (await ctx.sandbox.naught(['status', `${app}/naught.ipc`])).stdout === 'workers online: 2\n', 15_000, 'the server to be up');
    assert.deepEqual(JSON.parse((await httpGet(ctx.port, '/argv')).body), ['--flag', 'a "b" $c 100%']);
    assert.deepEqual(JSON.parse((await httpGet(ctx.port, '/execargv')).body), ['--max-old-space-size=256']);
    assert.equal((await httpGet(ctx.port, '/env/GREETING')).body, greeting);
    assert.equal((await httpGet(ctx.port, '/cwd')).body, app);
    const before = (await httpGet(ctx.port, '/pid')).body;

    const reload = runAsSystemd(unit, unit.execReload);
    expectRun(await reload.result, { stdout: '', stderr: text(...deployLines(2, 2), 'done'), code: 0 }, 'systemctl reload: a deploy that waits for its result');
    assert.notEqual((await httpGet(ctx.port, '/pid')).body, before, 'new workers serve');

    const stop = runAsSystemd(unit, unit.execStop);
    expectRun(await stop.result, { stdout: '', stderr: text(...stopLines(2)), code: 0 }, 'systemctl stop');
    const ended = await main.result;
    assert.deepEqual([ended.code, ended.signal, ended.stdout], [0, null, ''], `the main process exits 0 after the stop: ${JSON.stringify(ended)}`);
    assert.equal(fs.existsSync(`${app}/naught.ipc`), false);
    const stdoutLines = fs.readFileSync(`${app}/stdout.log`, 'utf8').trimEnd().split('\n');
    assert.equal(stdoutLines.length, 4, 'two workers, then two more after the deploy');
    for (const line of stdoutLines) assert.match(line, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z worker #[01]$/, '--log-timestamps reached the server');
  });

  it('a restart after the main process was killed gets past the stale ipc file; defaults are absolute paths of the current directory', async function () {
    ctx.sandbox.useFixture('server-argv.js');
    const printed = await ctx.sandbox.naught(['systemd-unit', '--daemon-mode', 'false', '--user', 'app', '--env', `PORT=${ctx.port}`, 'server.js']);
    assert.equal(printed.code, 0, JSON.stringify(printed));
    assert.ok(printed.stdout.split('\n').includes('User=app'));
    assert.ok(printed.stdout.split('\n').includes(`Description=naught: ${ctx.sandbox.path('server.js')}`));
    const unitFile = ctx.sandbox.path('plain.service');
    fs.writeFileSync(unitFile, printed.stdout);
    expectRun(verify(unitFile), { stdout: '', stderr: '', code: 0 });
    const unit = loadUnit(unitFile);
    const dir = ctx.sandbox.dir;
    assert.deepEqual(unit.execStart.slice(2), [
      'start', '--daemon-mode', 'false', '--worker-count', '1', '--ipc-file', `${dir}/naught.ipc`, '--pid-file', `${dir}/naught.pid`,
      '--log', `${dir}/naught.log`, '--stdout', `${dir}/stdout.log`, '--stderr', `${dir}/stderr.log`, '--max-log-size', '10485760',
      '--cwd', dir, '--remove-old-ipc', 'true', `${dir}/server.js`,
    ]);
    assert.deepEqual(unit.execReload.slice(2), ['deploy', '--cwd', dir, `${dir}/naught.ipc`]);
    assert.deepEqual(unit.execStop.slice(2), ['stop', `${dir}/naught.ipc`]);

    const first = runAsSystemd(unit, unit.execStart);
    ctx.sandbox.trackPid(first.child.pid as number);
    await waitFor(async () => (await ctx.sandbox.naught(['status'])).stdout === 'workers online: 1\n', 15_000, 'the first run');
    process.kill(first.child.pid as number, 'SIGKILL');
    await first.result;
    await waitFor(async () => (await ctx.sandbox.naught(['status'])).code === 1, 10_000, 'the workers to go with their master');
    assert.ok(fs.existsSync(`${dir}/naught.ipc`), 'the killed run left its socket');

    // Restart=on-failure runs ExecStart again.
    const second = runAsSystemd(unit, unit.execStart);
    ctx.sandbox.trackPid(second.child.pid as number);
    await waitFor(async () => (await ctx.sandbox.naught(['status'])).stdout === 'workers online: 1\n', 15_000, 'the second run');
    const stop = await collect(runAsSystemd(unit, unit.execStop).child, 30_000);
    assert.equal(stop.code, 0, JSON.stringify(stop));
    const ended = await second.result;
    assert.equal(ended.code, 0);
    assert.equal(ended.stderr, `unable to connect to ipc-file \`${dir}/naught.ipc\`\n\nremoving the ipc-file and attempting to continue\n`);

    const kept = await ctx.sandbox.naught(['systemd-unit', '--remove-old-ipc', 'false', 'server.js']);
    assert.ok(kept.stdout.includes(' --remove-old-ipc false '), 'an explicit --remove-old-ipc is kept');
  });

  it('bad input: one line and the systemd-unit help, exit 1', async function () {
    ctx.sandbox.useFixture('server-argv.js');
    const help = (await ctx.sandbox.naught(['help', 'systemd-unit'])).stdout;
    assert.match(help, /^naught systemd-unit \[options\] server\.js \[script-options\]\n/);
    for (const [args, problem] of [
      [['systemd-unit'], 'missing the server script'],
      [['systemd-unit', '--daemon-mode', 'true', 'server.js'], 'the unit runs naught in the foreground: leave out --daemon-mode, or give false'],
      [['systemd-unit', '--env', 'PORT', 'server.js'], '--env must be NAME=VALUE with a variable name, not "PORT"'],
      [['systemd-unit', '--env', '1X=y', 'server.js'], '--env must be NAME=VALUE with a variable name, not "1X=y"'],
      [['systemd-unit', '--env', 'A=one\ntwo', 'server.js'], '--env contains a control character: "A=one\\ntwo"'],
      [['systemd-unit', '--user', 'no body', 'server.js'], '--user must be a user name, not "no body"'],
      [['systemd-unit', '--description', 'two\nlines', 'server.js'], '--description contains a control character: "two\\nlines"'],
      [['systemd-unit', '--deploy-timeout', 'soon', 'server.js'], '--timeout must be a number of seconds or none, not "soon"'],
      [['systemd-unit', '--max-log-files', '0', 'server.js'], '--max-log-files must be a positive whole number or none, not "0"'],
      [['systemd-unit', '--bogus', '1', 'server.js'], 'unknown option --bogus'],
    ] as const) {
      expectRun(await ctx.sandbox.naught([...args]), { stdout: '', stderr: `naught systemd-unit: ${problem}\n${help}`, code: 1 }, args.join(' '));
    }
    expectRun(await ctx.sandbox.naught(['systemd-unit', 'missing.js']), {
      stdout: '',
      stderr: `naught systemd-unit: cannot find the script missing.js (${ctx.sandbox.path('missing.js')})\n`,
      code: 1,
    });
  });
});
