/**
 * The systemd unit: render systemd/hello.service.in with this machine's
 * paths, check it with `systemd-analyze verify`, then do what systemd would
 * do with it. systemd is not PID 1 here, so this program plays its part: it
 * runs the unit's ExecStart, ExecReload and ExecStop command lines itself, in
 * WorkingDirectory, with the unit's Environment and nothing else, and
 * creates the RuntimeDirectory.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  copyApp,
  childPids,
  freePort,
  get,
  isAlive,
  killProcessesIn,
  parseHello,
  run,
  setRelease,
  startProcess,
  waitFor,
  type RunResult,
  type StartedProcess,
} from '../lib/processes';
import { ensureSystemdAnalyze, localUnitValues, parseUnit, renderUnit, serviceEnvironment, serviceValue, splitCommandLine, verifyUnit } from '../lib/systemd';

export interface SystemdDemo {
  unitText: string;
  verify: RunResult;
  startCommand: string[];
  mainPid: number;
  before: string[];
  reload: RunResult;
  after: string[];
  mainAliveAfterReload: boolean;
  stop: RunResult;
  mainExitAfterStop: { code: number | null; signal: NodeJS.Signals | null };
  runtimeDirAfterStop: string[];
  sigterm: { code: number | null; signal: NodeJS.Signals | null };
  workersBeforeSigterm: number[];
  workersLeftAfterSigterm: number[];
  journal: string;
}

/** Waits for naught's first Ready event in the main process's stderr (--log -). */
function waitForReady(main: StartedProcess): Promise<true> {
  return waitFor('naught to report Ready', () => {
    if (main.stderr().split('\n').some((line) => line.startsWith('Ready.'))) return true;
    if (!isAlive(main.pid)) throw new Error(`the main process exited\n${main.output()}`);
    return undefined;
  });
}

export async function systemdDemo(log: (line: string) => void = console.log): Promise<SystemdDemo> {
  ensureSystemdAnalyze();
  const { root, appDir } = copyApp('ch06-systemd');
  const port = await freePort();
  // systemd expands %t to /run for a system service; here it is a directory of our own.
  const runtimeRoot = path.join(root, 'run');
  const started: StartedProcess[] = [];
  try {
    const unitPath = path.join(root, 'hello.service');
    const unitText = renderUnit(localUnitValues(appDir, port));
    fs.writeFileSync(unitPath, unitText);
    log(`== systemd/hello.service.in rendered for this machine: ${unitPath}`);
    for (const line of unitText.split('\n')) if (/^(ExecStart|ExecReload|ExecStop|KillMode|WorkingDirectory|Environment)=/.test(line)) log(line);

    log('== systemd-analyze verify hello.service');
    const verify = await verifyUnit(unitPath);
    log(`exit code ${verify.code}; stderr: ${verify.stderr === '' ? '(empty)' : verify.stderr}`);

    const unit = parseUnit(unitText);
    const cwd = serviceValue(unit, 'WorkingDirectory');
    const env = serviceEnvironment(unit);
    const command = (key: string): string[] => splitCommandLine(serviceValue(unit, key), runtimeRoot);
    const execute = (key: string): Promise<RunResult> => {
      const [file, ...args] = command(key);
      return run(file as string, args, { cwd, env, timeoutMs: 90_000 });
    };
    const launch = (): StartedProcess => {
      // What systemd does before ExecStart: create RuntimeDirectory= under %t.
      for (const name of unit.get('Service')?.get('RuntimeDirectory') ?? []) fs.mkdirSync(path.join(runtimeRoot, name), { recursive: true });
      const [file, ...args] = command('ExecStart');
      const main = startProcess(file as string, args, { cwd, env });
      started.push(main);
      return main;
    };
    const ask = async (times: number): Promise<string[]> => {
      const bodies: string[] = [];
      for (let i = 0; i < times; i++) {
        const { body } = await get(port, '/');
        parseHello(body);
        bodies.push(body);
        log(body.trimEnd());
      }
      return bodies;
    };

    log('== ExecStart (`systemctl start hello`): naught-core in the foreground, the main process');
    const main = launch();
    // Type=exec: systemd considers the service started as soon as node runs;
    // the workers are online a moment later, at naught's Ready event.
    await waitForReady(main);
    log(`main process: pid ${main.pid}, running: ${isAlive(main.pid)}`);
    const before = await ask(2);

    log("== a new release on disk (RELEASE = 'v2'), then ExecReload (`systemctl reload hello`)");
    setRelease(appDir, 'v2');
    const reload = await execute('ExecReload');
    const reloadLines = (reload.stdout + reload.stderr).trimEnd().split('\n');
    log(`exit code ${reload.code}, last line: ${reloadLines[reloadLines.length - 1]}`);
    const after = await ask(2);
    const mainAliveAfterReload = isAlive(main.pid);
    log(`main process: pid ${main.pid}, running: ${mainAliveAfterReload} (a reload is not a restart)`);

    log('== ExecStop (`systemctl stop hello`)');
    const stop = await execute('ExecStop');
    const mainExitAfterStop = await main.exited;
    log(`ExecStop exit code ${stop.code}; the main process exited with code ${mainExitAfterStop.code}`);
    const runtimeDirAfterStop = fs.readdirSync(path.join(runtimeRoot, 'hello'));
    log(`left in RuntimeDirectory: ${runtimeDirAfterStop.join(', ') || 'nothing'}`);

    log('== ExecStart again, then SIGTERM to the main process only (what KillMode=mixed sends)');
    const second = launch();
    await waitForReady(second);
    const workersBeforeSigterm = childPids(second.pid);
    log(`main process: pid ${second.pid}, workers: ${workersBeforeSigterm.length}`);
    second.kill('SIGTERM');
    const sigterm = await second.exited;
    const workersLeftAfterSigterm = workersBeforeSigterm.filter(isAlive);
    log(`the main process exited with code ${sigterm.code}; workers left: ${workersLeftAfterSigterm.length === 0 ? 'none' : workersLeftAfterSigterm.join(', ')}`);
    const journal = second.stderr();
    log('what the journal would hold (its stderr, --log -), last 5 lines:');
    for (const line of journal.trimEnd().split('\n').slice(-5)) log(`  ${line}`);
    return {
      unitText,
      verify,
      startCommand: command('ExecStart'),
      mainPid: main.pid,
      before,
      reload,
      after,
      mainAliveAfterReload,
      stop,
      mainExitAfterStop,
      runtimeDirAfterStop,
      sigterm,
      workersBeforeSigterm,
      workersLeftAfterSigterm,
      journal,
    };
  } finally {
    for (const process of started) process.kill('SIGKILL');
    await Promise.all(started.map((process) => process.exited));
    killProcessesIn(root);
    fs.rmSync(root, { recursive: true, force: true });
  }
}

if (require.main === module) {
  systemdDemo().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
