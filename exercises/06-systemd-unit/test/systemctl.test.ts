/**
 * Exercise 06, the unit at work: its ExecStart, ExecReload and ExecStop lines
 * run as systemd would run them (play-systemd.ts), against a real app under
 * naught-core, with real HTTP requests.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { childPids, freePort, get, isAlive, processesIn } from '../../../chapters/06-pm2-vs-naught-vs-systemd/lib/processes';
import { subjectPath } from '../../shared/subject';
import { PlayedService, putNewRelease } from './play-systemd';

const EXERCISE_DIR = path.resolve(__dirname, '..');

interface Hello {
  release: string;
  worker: string;
  pid: number;
}

/** One GET / on a fresh connection; null when nothing answers as the app does. */
async function hello(port: number): Promise<Hello | null> {
  try {
    const { status, body } = await get(port, '/', 3_000);
    const match = /^release (\S+), worker (\S+), pid (\d+)\n$/.exec(body);
    if (status !== 200 || match === null) return null;
    return { release: match[1] as string, worker: match[2] as string, pid: Number(match[3]) };
  } catch {
    return null;
  }
}

describe('exercise 06: the unit run as systemd runs it: start, reload, stop', function () {
  this.timeout(60_000);
  let service: PlayedService;
  /** Set once ExecStart runs and serves; the reload and stop checks need it. */
  let serving = false;

  before(async () => {
    service = new PlayedService(fs.readFileSync(subjectPath(EXERCISE_DIR, 'myapp.service'), 'utf8'), await freePort());
  });

  after(async () => {
    await service?.cleanUp();
  });

  it('ExecStart, run as systemd runs it, keeps running and serves release v1 from 2 workers', async () => {
    const main = service.start();
    const workers = new Set<string>();
    const deadline = Date.now() + 30_000;
    while (workers.size < 2 && Date.now() < deadline) {
      if (!isAlive(main.pid)) break;
      const answer = await hello(service.port);
      if (answer !== null) {
        assert.equal(answer.release, 'v1', 'before any reload, the app on disk is release v1');
        workers.add(answer.worker);
      } else {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    if (!isAlive(main.pid)) {
      const exit = await main.exited;
      assert.fail(
        `ExecStart's process should keep running (it is the service's main process), but it exited with ${exit.signal ?? `code ${exit.code}`}` +
          `${exit.code === 0 ? ': is naught in the foreground (--daemon-mode false)?' : ''}\nit printed:\n${service.asWritten(main.output().trim())}`,
      );
    }
    assert.deepEqual([...workers].sort(), ['0', '1'], `expected answers from naught workers 0 and 1 on PORT within 30 s, got answers from: ${[...workers].join(', ') || 'none'}`);
    serving = true;
  });

  it('ExecReload (systemctl reload) deploys the new release on disk, and returns only once it is served', async () => {
    assert.ok(serving && service.main !== null, 'ExecStart is not serving (see the check above), so there is nothing to reload');
    const main = service.main;
    putNewRelease(service.appDir, 'v2');
    const results = await service.runCommands('ExecReload', 45_000);
    for (const result of results) {
      const shown = service.asWritten(result.command.argv.join(' '));
      assert.equal(result.code, 0, `ExecReload \`${shown}\` should exit 0, but exited with ${result.code}:\n${service.asWritten((result.stdout + result.stderr).trim())}`);
    }
    const releases: string[] = [];
    for (let i = 0; i < 6; i++) releases.push((await hello(service.port))?.release ?? 'no answer');
    assert.deepEqual(releases, Array(6).fill('v2'), `right after ExecReload returned, every answer should come from release v2, got: ${releases.join(', ')} (ExecReload must wait until the deploy is done)`);
    assert.ok(isAlive(main.pid), 'the main process should survive a reload (a reload is not a restart)');
  });

  it('ExecStop (systemctl stop) stops everything cleanly: exit 0, no process left, no socket or pid file left', async () => {
    assert.ok(serving && service.main !== null, 'ExecStart is not serving (see the check above), so there is nothing to stop');
    const main = service.main;
    const workers = childPids(main.pid);
    const results = await service.runCommands('ExecStop', 45_000);
    for (const result of results) {
      const shown = service.asWritten(result.command.argv.join(' '));
      assert.equal(result.code, 0, `ExecStop \`${shown}\` should exit 0, but exited with ${result.code}:\n${service.asWritten((result.stdout + result.stderr).trim())}`);
    }
    let timer: NodeJS.Timeout | undefined;
    const exit = await Promise.race([main.exited, new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), 20_000)))]);
    clearTimeout(timer);
    assert.ok(exit !== null, 'the main process (naught) was still running 20 s after ExecStop returned; systemd would end it with signals');
    assert.deepEqual(exit, { code: 0, signal: null }, 'after ExecStop, naught should exit with code 0 (with Restart=on-failure, anything else makes systemd start it again)');
    const stillRunning = [...workers.filter(isAlive), ...processesIn(service.root)];
    assert.deepEqual(stillRunning, [], `processes left running after the stop: ${stillRunning.join(', ')}`);
    assert.deepEqual(service.leftoverFiles().map((file) => service.asWritten(file)), [], 'files left behind after the stop (naught removes its socket and pid file when it stops)');
  });
});
