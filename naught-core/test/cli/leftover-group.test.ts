// The rule by which `naught start` ends what a dead daemon left running: the
// members of the process group whose id is the pid in the stale pid file, and
// only if that leader is dead and the group is not the start's own. Real
// process groups (a detached leader is a group leader, its children join its
// group), real pid files, the real CLI.
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LiveRun, NAUGHT_BIN, NAUGHT_CORE_ROOT, isAlive, useSandbox, waitFor, type Sandbox } from '../helpers/naught';
import { bootLines, stopLines, text } from '../helpers/expected-output';
import { daemonPid } from '../helpers/processes';
import { byNumber } from '../helpers/fixes-helpers';
import { endLeftoverGroup, isLeftoverGroup } from '../../src/daemon/leftover-group';
import { pidOfPidFile } from '../../src/daemon/stale-pid-file';

const LEFTOVER_GROUP_JS = path.join(NAUGHT_CORE_ROOT, 'dist', 'daemon', 'leftover-group.js');
const STALE_NOTICE = 'unable to connect to ipc-file `naught.ipc`\n\nremoving the ipc-file and attempting to continue\n';

// A group leader (started detached, so setsid makes it one) that forks one member per argument, each of
// which joins its group: 'plain' exits on SIGTERM, 'stubborn' ignores it, 'self-check' waits until the
// leader is gone and then runs endLeftoverGroup on its own group. Every SIGTERM is noted in signals.log.
// The leader reports the members' pids, then stays ('live') or exits ('exit').
const GROUP_JS = `
const { spawn } = require('child_process');
const [mode, ...kinds] = process.argv.slice(2);
const MEMBER = \`
const fs = require('fs');
const kind = process.argv[1];
process.on('SIGTERM', () => {
  fs.appendFileSync('signals.log', 'SIGTERM ' + process.pid + '\\\\n');
  if (kind === 'plain') process.exit(0);
});
if (kind === 'self-check') {
  const leader = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === leader) return;
    clearInterval(timer);
    require(process.env.LEFTOVER_GROUP_JS).endLeftoverGroup(leader).then((ended) => fs.writeFileSync('self-check.json', JSON.stringify(ended)));
  }, 20);
}
setInterval(() => {}, 1000);
process.send('ready', () => process.disconnect());
\`;
const members = kinds.map((kind) => spawn(process.execPath, ['-e', MEMBER, kind], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] }));
let ready = 0;
for (const member of members) member.once('message', () => {
  if (++ready < members.length) return;
  process.send(members.map((child) => child.pid), () => (mode === 'exit' ? process.exit(0) : setInterval(() => {}, 1000)));
});
`;

/** pgid: field 5 of /proc/PID/stat, read past the command name. */
function processGroupOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

interface Group {
  leader: ChildProcess & { pid: number };
  members: number[];
}

/** Starts GROUP_JS in the sandbox; with 'exit', resolves once the leader has exited and been reaped. */
async function startGroup(sandbox: Sandbox, mode: 'live' | 'exit', kinds: string[]): Promise<Group> {
  fs.writeFileSync(sandbox.path('group.js'), GROUP_JS);
  const leader = spawn(process.execPath, ['group.js', mode, ...kinds], {
    cwd: sandbox.dir,
    detached: true,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: { ...process.env, LEFTOVER_GROUP_JS },
  });
  assert.ok(leader.pid !== undefined, 'the group leader started');
  sandbox.trackPid(leader.pid);
  const exited = once(leader, 'exit');
  const [members] = (await once(leader, 'message')) as [number[]];
  if (mode === 'exit') await exited;
  else leader.disconnect();
  for (const member of members) assert.equal(processGroupOf(member), leader.pid, `member ${member} is in its leader's group`);
  return { leader: leader as Group['leader'], members };
}

function writePidFile(sandbox: Sandbox, pid: number): void {
  fs.writeFileSync(sandbox.path('naught.pid'), `${pid}\n`, { mode: 0o600 });
}

function sigtermsNoted(sandbox: Sandbox): number[] {
  if (!sandbox.exists('signals.log')) return [];
  return sandbox.read('signals.log').split('\n').filter((line) => line !== '').map((line) => Number(line.split(' ')[1]));
}

function killByPid(pids: readonly number[]): void {
  for (const pid of pids) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

describe('naught start: the leftovers of a dead daemon, by process group', function () {
  this.timeout(60_000);
  const ctx = useSandbox();

  /** `start --remove-old-ipc true` over a stale ipc file (a dead CLI's socket, or a regular file): the spec's output exactly. */
  async function recoveryStart(script = 'server.js'): Promise<number> {
    if (!ctx.sandbox.exists('naught.ipc')) fs.writeFileSync(ctx.sandbox.path('naught.ipc'), 'stale');
    const start = await ctx.sandbox.naught(['start', '--remove-old-ipc', 'true', script], { env: { PORT: String(ctx.port) }, timeoutMs: 30_000 });
    assert.deepStrictEqual(start, { stdout: 'workers online: 1\n', stderr: STALE_NOTICE + text(...bootLines(1)), code: 0, signal: null });
    return daemonPid(ctx.sandbox);
  }

  async function stopServer(): Promise<void> {
    assert.deepStrictEqual(await ctx.sandbox.naught(['stop'], { timeoutMs: 30_000 }), { stdout: '', stderr: text(...stopLines(1)), code: 0, signal: null });
  }

  function leftoverLines(): string[] {
    return ctx.sandbox.read('naught.log').split('\n').filter((line) => line.startsWith('leftovers of dead daemon'));
  }

  it('a dead leader: its members get SIGTERM, the one that ignores it SIGKILL after the grace; naught.log says so before Bootup', async () => {
    ctx.sandbox.useFixture('server-plain.js');
    const { leader, members } = await startGroup(ctx.sandbox, 'exit', ['plain', 'stubborn']);
    const [plain, stubborn] = members as [number, number];
    assert.ok(!isAlive(leader.pid) && isLeftoverGroup(leader.pid), 'the leader is dead, its group left over');
    writePidFile(ctx.sandbox, leader.pid);

    await recoveryStart();
    assert.deepStrictEqual(members.filter(isAlive), [], 'both members are gone once the start returns');
    assert.deepStrictEqual(sigtermsNoted(ctx.sandbox).sort(byNumber), [plain, stubborn].sort(byNumber), 'both got SIGTERM first');
    const expected = [plain, stubborn].sort(byNumber).map((pid) => `${pid} (${pid === plain ? 'SIGTERM' : 'SIGKILL'})`);
    const log = ctx.sandbox.read('naught.log').split('\n');
    assert.equal(log[0], `leftovers of dead daemon ${leader.pid} ended: ${expected.join(', ')}`);
    assert.ok(log[1]?.startsWith('Bootup. '), `then the new daemon's boot:\n${log.join('\n')}`);
    await stopServer();
  });

  it("a live leader's group is never touched, by the start or by endLeftoverGroup", async () => {
    ctx.sandbox.useFixture('server-plain.js');
    const { leader, members } = await startGroup(ctx.sandbox, 'live', ['plain', 'stubborn']);
    try {
      writePidFile(ctx.sandbox, leader.pid);
      assert.equal(isLeftoverGroup(leader.pid), false);
      assert.deepStrictEqual(await endLeftoverGroup(leader.pid, 100), []);
      await recoveryStart();
      assert.deepStrictEqual([leader.pid, ...members].filter(isAlive), [leader.pid, ...members], 'leader and members still run');
      assert.deepStrictEqual(sigtermsNoted(ctx.sandbox), [], 'none got a signal');
      assert.deepStrictEqual(leftoverLines(), []);
      await stopServer();
    } finally {
      killByPid([leader.pid, ...members]);
    }
  });

  it('a member of a dead leader\'s group never ends its own group', async () => {
    const { leader, members } = await startGroup(ctx.sandbox, 'exit', ['plain', 'self-check']);
    try {
      await waitFor(() => ctx.sandbox.exists('self-check.json'), 10_000, 'the self-check to run');
      assert.deepStrictEqual(JSON.parse(ctx.sandbox.read('self-check.json')), [], 'it ended nothing');
      assert.deepStrictEqual(members.filter(isAlive), members, 'both members still run');
      assert.deepStrictEqual(sigtermsNoted(ctx.sandbox), []);
      assert.ok(isLeftoverGroup(leader.pid), 'from outside, the same group is a leftover');
    } finally {
      killByPid(members);
    }
  });

  /**
   * Foreground mode: the CLI is the daemon. Two stubborn workers told 'shutdown' (a stop without timeout), then
   * the CLI is SIGKILLed: the workers outlive it. Returns the dead CLI's pid and the workers.
   */
  async function foregroundLeftovers(detached: boolean): Promise<{ cli: number; workers: number[] }> {
    ctx.sandbox.useFixture('fix-stubborn.js');
    const child = spawn(process.execPath, [NAUGHT_BIN, 'start', '--daemon-mode', 'false', '--worker-count', '2', 'server.js'], {
      cwd: ctx.sandbox.dir,
      detached,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PORT: String(ctx.port) },
    });
    const run = new LiveRun(child, ['start', '--daemon-mode', 'false'], 60_000);
    const cli = child.pid ?? -1;
    ctx.sandbox.trackPid(cli);
    await waitFor(() => ctx.sandbox.exists('naught.log') && ctx.sandbox.read('naught.log').includes('Ready. '), 20_000, 'the foreground boot');
    assert.equal(processGroupOf(cli) === cli, detached, detached ? 'spawned detached, the CLI leads its group' : 'the CLI is not a group leader');
    const stop = LiveRun.naught(ctx.sandbox, ['stop'], { timeoutMs: 30_000 });
    await waitFor(() => (ctx.sandbox.read('stdout.log').match(/ignores shutdown/g) ?? []).length === 2, 15_000, 'both workers to ignore shutdown');
    const workers = fs
      .readFileSync(ctx.sandbox.path('stdout.log'), 'utf8')
      .split('\n')
      .filter((line) => line.endsWith(' ignores shutdown'))
      .map((line) => Number(line.split(' ')[1]));
    process.kill(cli, 'SIGKILL');
    assert.equal((await stop.result).code, 1);
    await run.result.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    assert.deepStrictEqual(workers.filter(isAlive), workers, 'the stubborn workers outlive the CLI');
    return { cli, workers };
  }

  it('foreground, the CLI not a group leader: no process has its pid as pgid, so the recovery start kills nothing', async () => {
    const { cli, workers } = await foregroundLeftovers(false);
    try {
      for (const worker of workers) assert.notEqual(processGroupOf(worker), cli, `worker ${worker} is in the group the CLI was in, not one named by its pid`);
      assert.equal(pidOfPidFile(ctx.sandbox.path('naught.pid')), cli, 'the stale pid file names the dead CLI');
      ctx.sandbox.useFixture('server-plain.js', 'plain.js');
      await recoveryStart('plain.js');
      assert.deepStrictEqual(workers.filter(isAlive), workers, 'the leftovers, in the test runner\'s group, are left alone');
      assert.deepStrictEqual(leftoverLines(), []);
      await stopServer();
    } finally {
      killByPid(workers);
    }
  });

  it('foreground, the CLI leading its own group (spawned detached): the recovery start ends its leftovers', async () => {
    const { cli, workers } = await foregroundLeftovers(true);
    try {
      for (const worker of workers) assert.equal(processGroupOf(worker), cli, `worker ${worker} is in the CLI's group`);
      ctx.sandbox.useFixture('server-plain.js', 'plain.js');
      await recoveryStart('plain.js');
      assert.deepStrictEqual(workers.filter(isAlive), [], 'the leftovers are gone');
      const expected = [...workers].sort(byNumber).map((pid) => `${pid} (SIGKILL)`);
      assert.deepStrictEqual(leftoverLines(), [`leftovers of dead daemon ${cli} ended: ${expected.join(', ')}`]);
      await stopServer();
    } finally {
      killByPid(workers);
    }
  });

  it('trusts only a plain pid in a regular file of ours written since boot: never 0, a sign, junk, a symlink or an old file', () => {
    const file = ctx.sandbox.path('naught.pid');
    const read = (content: string): number | null => {
      fs.rmSync(file, { force: true });
      fs.writeFileSync(file, content, { mode: 0o600 });
      return pidOfPidFile(file);
    };
    assert.equal(read('4242\n'), 4242);
    assert.equal(read('4242'), 4242);
    for (const junk of ['', '\n', '0\n', '1\n', '-4242\n', '+4242\n', '4242 \n', ' 4242\n', '0x10\n', '1e3\n', '4242\n4243\n', '99999999\n']) {
      assert.equal(read(junk), null, `not a pid: ${JSON.stringify(junk)}`);
    }
    read('4242\n');
    const link = ctx.sandbox.path('link.pid');
    fs.symlinkSync(file, link);
    assert.equal(pidOfPidFile(link), null, 'a symlink is not followed');
    const bootSeconds = Number(/^btime (\d+)$/m.exec(fs.readFileSync('/proc/stat', 'utf8'))?.[1]);
    fs.utimesSync(file, bootSeconds - 60, bootSeconds - 60);
    assert.equal(pidOfPidFile(file), null, 'a pid file from before the boot names a process of another boot');
    assert.equal(pidOfPidFile(ctx.sandbox.path('missing.pid')), null);
  });
});
