/**
 * The same app under naught-core: `naught start --worker-count 2`, ask it,
 * crash one worker with GET /read (the crash guard hands over to a
 * replacement), put a new release on disk, `naught deploy`, ask again,
 * `naught stop`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { naughtDaemonPid, naughtOk, stopNaughtIfRunning } from '../lib/naught';
import { copyApp, freePort, get, killProcessesIn, parseHello, processesIn, setRelease, waitFor } from '../lib/processes';

export interface NaughtDemo {
  daemonPid: number;
  startOutput: string;
  before: string[];
  crashLog: string[];
  crashStderr: string;
  afterCrash: string[];
  deployOutput: string;
  after: string[];
  stopOutput: string;
  leftAlive: number[];
  filesAfterStop: string[];
}

async function ask(port: number, times: number, log: (line: string) => void): Promise<string[]> {
  const bodies: string[] = [];
  for (let i = 0; i < times; i++) {
    const answer = await get(port, '/');
    parseHello(answer.body);
    bodies.push(answer.body);
    log(answer.body.trimEnd());
  }
  return bodies;
}

/** The naught.log lines after the first `skip` lines. */
function logLines(appDir: string, skip: number): string[] {
  return fs.readFileSync(path.join(appDir, 'naught.log'), 'utf8').split('\n').slice(skip).filter(Boolean);
}

export async function naughtDemo(log: (line: string) => void = console.log): Promise<NaughtDemo> {
  const { root, appDir } = copyApp('ch06-naught');
  const port = await freePort();
  const env = { PORT: String(port) };
  try {
    log(`== naught start --worker-count 2 server.js (PORT=${port})`);
    const start = await naughtOk(['start', '--worker-count', '2', 'server.js'], appDir, env);
    const startOutput = start.stderr + start.stdout;
    log(startOutput.trimEnd());
    const daemonPid = naughtDaemonPid(appDir);
    if (daemonPid === null) throw new Error('no naught.pid after naught start');

    log('== GET / four times');
    const before = await ask(port, 4, log);

    log('== GET /read: the callback throws; this client gives up after 0.5 s');
    const logLength = fs.readFileSync(path.join(appDir, 'naught.log'), 'utf8').split('\n').filter(Boolean).length;
    const crash = await get(port, '/read', 500).then(
      (answer) => `answered ${answer.status}`,
      (error: Error) => error.message,
    );
    log(crash);
    // The crashed worker said 'offline', naught started a replacement at once,
    // and the crashed one exits once its requests are done.
    await waitFor('the crashed worker to exit', () => (logLines(appDir, logLength).some((l) => l.startsWith('WorkerDeath')) ? true : undefined));
    const crashLog = logLines(appDir, logLength);
    log('naught.log:');
    for (const line of crashLog) log(`  ${line}`);
    const crashStderr = fs.readFileSync(path.join(appDir, 'stderr.log'), 'utf8');
    log(`stderr.log: ${crashStderr.split('\n').find((line) => line.includes('ENOENT')) ?? '(nothing)'}`);
    const afterCrash = await ask(port, 2, log);

    log("== a new release on disk (RELEASE = 'v2'), then naught deploy");
    setRelease(appDir, 'v2');
    const deploy = await naughtOk(['deploy'], appDir, env);
    const deployOutput = deploy.stderr + deploy.stdout;
    log(deployOutput.trimEnd());

    log('== GET / four times');
    const after = await ask(port, 4, log);

    log('== naught stop');
    const stop = await naughtOk(['stop'], appDir, env);
    const stopOutput = stop.stderr + stop.stdout;
    log(stopOutput.trimEnd());
    const leftAlive = processesIn(appDir);
    const filesAfterStop = fs.readdirSync(appDir).sort();
    log(`processes left: ${leftAlive.length === 0 ? 'none' : leftAlive.join(', ')}`);
    log(`naught.ipc and naught.pid left: ${filesAfterStop.filter((f) => f === 'naught.ipc' || f === 'naught.pid').join(', ') || 'none'}`);
    return { daemonPid, startOutput, before, crashLog, crashStderr, afterCrash, deployOutput, after, stopOutput, leftAlive, filesAfterStop };
  } finally {
    await stopNaughtIfRunning(appDir, env);
    killProcessesIn(root);
    fs.rmSync(root, { recursive: true, force: true });
  }
}

if (require.main === module) {
  naughtDemo().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
