/**
 * Measures, on this machine, what the README's comparison table shows: the
 * same app (deploy/server.js) under pm2 (cluster mode, 2 instances), under
 * naught-core (daemon, 2 workers), under systemd's command lines (naught-core
 * in the foreground, 2 workers) and alone as the container image runs it.
 *
 *   npx tsx chapters/06-pm2-vs-naught-vs-systemd/measure.ts          # JSON, then the markdown table
 *   npx tsx chapters/06-pm2-vs-naught-vs-systemd/measure.ts --json   # JSON only
 *
 * For each: the memory of the manager and of each app process; a deploy of a
 * new release under keep-alive load (failed requests, time); a deploy of a
 * release that cannot start, under the same load; the recovery from one
 * crash (GET /read). The load is autocannon's, through naught-core's
 * bench/load.ts. Everything runs one after the other, on 127.0.0.1, in
 * temporary directories, and is stopped at the end.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startLoad } from '../../naught-core/bench/load';
import { naughtDaemonPid, naughtOk, naught, stopNaughtIfRunning } from './lib/naught';
import { Pm2Sandbox } from './lib/pm2';
import {
  breakRelease,
  childPids,
  copyApp,
  freePort,
  get,
  isAlive,
  killProcessesIn,
  parseHello,
  REPO_ROOT,
  rssKb,
  run,
  setRelease,
  startProcess,
  waitFor,
  type RunResult,
  type StartedProcess,
} from './lib/processes';
import { localUnitValues, parseUnit, renderUnit, serviceEnvironment, serviceValue, splitCommandLine } from './lib/systemd';

export interface LoadFigures {
  /** What was run while the load ran. */
  command: string;
  exitCode: number | null;
  /** How long the command took, in ms. */
  durationMs: number;
  requests: number;
  failed: number;
  /** What GET / gave once it was over: the release that answered, or the error. */
  afterwards: string;
}

export interface CrashFigures {
  /** ms from GET /read until a replacement process was online. */
  replacementOnlineMs: number | null;
  /** ms from GET /read until the crashed process had exited. */
  crashedExitedMs: number;
  /** Did GET / answer all the time (one request every 50 ms)? */
  failedDuringCrash: number;
  requestsDuringCrash: number;
}

export interface ManagerFigures {
  /** Resident memory of the manager process (pm2's daemon, naught's daemon), MB; null when there is none. */
  managerRssMb: number | null;
  /** Resident memory of each app process, MB. */
  appRssMb: number[];
  /** Distinct pids that answered 20 requests on fresh connections. */
  distinctPidsAnswering: number;
  deploy: LoadFigures | null;
  badRelease: LoadFigures | null;
  crash: CrashFigures;
}

export interface Measurements {
  date: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; kernel: string; node: string; pm2: string; naughtCore: string };
  load: { connections: number; secondsBefore: number; secondsAfter: number };
  pm2: ManagerFigures;
  naught: ManagerFigures;
  systemd: ManagerFigures;
  container: ManagerFigures;
}

export interface MeasureOptions {
  /** Keep-alive connections of the load. Default 10. */
  connections?: number;
  /** Seconds of load before and after each deploy. Default 1. */
  secondsAround?: number;
  log?: (line: string) => void;
}

const mb = (kb: number): number => Math.round(kb / 102.4) / 10;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `action` while `connections` keep-alive clients send GET / as fast as they can. */
async function underLoad(
  port: number,
  options: Required<Omit<MeasureOptions, 'log'>>,
  command: string,
  action: () => Promise<RunResult>,
): Promise<LoadFigures> {
  const load = startLoad({ url: `http://127.0.0.1:${port}/`, connections: options.connections, maxSeconds: 120, timeoutSeconds: 5 });
  await sleep(options.secondsAround * 1000);
  const started = performance.now();
  const result = await action();
  const durationMs = Math.round(performance.now() - started);
  await sleep(options.secondsAround * 1000);
  const summary = await load.stop();
  const afterwards = await get(port, '/', 2000).then(
    (answer) => `release ${parseHello(answer.body).release}`,
    (error: NodeJS.ErrnoException) => error.code ?? error.message,
  );
  return { command, exitCode: result.code, durationMs, requests: summary.requests, failed: summary.failed, afterwards };
}

/** Sends GET /read (the client gives up after 0.5 s) and times the recovery, asking GET / every 50 ms meanwhile. */
async function crash(port: number, crashedExited: () => Promise<boolean>, replacementOnline: (() => Promise<boolean>) | null): Promise<CrashFigures> {
  const started = performance.now();
  let requests = 0;
  let failed = 0;
  let probing = true;
  const prober = (async () => {
    while (probing) {
      requests++;
      await get(port, '/', 2000).catch(() => failed++);
      await sleep(50);
    }
  })();
  void get(port, '/read', 500).catch(() => undefined);
  let replacementOnlineMs: number | null = null;
  let crashedExitedMs: number | null = null;
  await waitFor(
    'the crash to be over',
    async () => {
      // Each check can take a while (pm2 jlist runs a command): the time is taken after it.
      const elapsed = (): number => Math.round(performance.now() - started);
      if (replacementOnline !== null && replacementOnlineMs === null && (await replacementOnline())) replacementOnlineMs = elapsed();
      if (crashedExitedMs === null && (await crashedExited())) crashedExitedMs = elapsed();
      return (replacementOnline === null || replacementOnlineMs !== null) && crashedExitedMs !== null ? true : undefined;
    },
    30_000,
  );
  probing = false;
  await prober;
  return { replacementOnlineMs, crashedExitedMs: crashedExitedMs ?? -1, failedDuringCrash: failed, requestsDuringCrash: requests };
}

async function distinctPids(port: number): Promise<number> {
  const pids = new Set<number>();
  for (let i = 0; i < 20; i++) pids.add(parseHello((await get(port, '/')).body).pid);
  return pids.size;
}

async function measurePm2(options: Required<Omit<MeasureOptions, 'log'>>, log: (line: string) => void): Promise<ManagerFigures> {
  const { root, appDir } = copyApp('ch06-m-pm2');
  const port = await freePort();
  const pm2 = new Pm2Sandbox(path.join(root, 'pm2'), appDir, { PORT: String(port) });
  try {
    log('pm2: start');
    await pm2.pm2Ok(['start', 'ecosystem.config.cjs']);
    const distinctPidsAnswering = await distinctPids(port);
    log('pm2: reload under load');
    setRelease(appDir, 'v2');
    const deploy = await underLoad(port, options, 'pm2 reload ecosystem.config.cjs', () => pm2.pm2(['reload', 'ecosystem.config.cjs']));
    const instances = await pm2.list();
    const daemonPid = pm2.daemonPid();
    const managerRssMb = daemonPid === null ? null : mb(rssKb(daemonPid));
    const appRssMb = instances.map((instance) => mb(rssKb(instance.pid)));

    log('pm2: crash (GET /read)');
    const victims = new Map(instances.map((instance) => [instance.pmId, instance.pid]));
    const crashFigures = await crash(
      port,
      async () => [...victims.values()].some((pid) => !isAlive(pid)),
      async () => {
        const now = await pm2.list();
        return now.some((instance) => instance.status === 'online' && instance.restarts > 0 && victims.get(instance.pmId) !== instance.pid);
      },
    );

    log('pm2: reload of a release that cannot start, under load');
    breakRelease(appDir);
    const badRelease = await underLoad(port, options, 'pm2 reload ecosystem.config.cjs', () => pm2.pm2(['reload', 'ecosystem.config.cjs']));
    return { managerRssMb, appRssMb, distinctPidsAnswering, deploy, badRelease, crash: crashFigures };
  } finally {
    await pm2.kill();
    killProcessesIn(root);
    fs.rmSync(root, { recursive: true, force: true });
  }
}

async function measureNaught(options: Required<Omit<MeasureOptions, 'log'>>, log: (line: string) => void): Promise<ManagerFigures> {
  const { root, appDir } = copyApp('ch06-m-naught');
  const port = await freePort();
  const env = { PORT: String(port) };
  try {
    log('naught-core: start');
    await naughtOk(['start', '--worker-count', '2', 'server.js'], appDir, env);
    const distinctPidsAnswering = await distinctPids(port);
    log('naught-core: deploy under load');
    setRelease(appDir, 'v2');
    const deploy = await underLoad(port, options, 'naught deploy', () => naught(['deploy'], appDir, env));
    const daemonPid = naughtDaemonPid(appDir);
    if (daemonPid === null) throw new Error('no naught.pid');
    const managerRssMb = mb(rssKb(daemonPid));
    const workers = childPids(daemonPid);
    const appRssMb = workers.map((pid) => mb(rssKb(pid)));

    log('naught-core: crash (GET /read)');
    const logFile = path.join(appDir, 'naught.log');
    const logLength = fs.readFileSync(logFile, 'utf8').length;
    const newLog = (): string => fs.readFileSync(logFile, 'utf8').slice(logLength);
    const crashFigures = await crash(
      port,
      async () => workers.some((pid) => !isAlive(pid)),
      async () => /^WorkerOnline\./m.test(newLog()),
    );

    log('naught-core: deploy of a release that cannot start, under load');
    const restore = breakRelease(appDir);
    const badRelease = await underLoad(port, options, 'naught deploy', () => naught(['deploy'], appDir, env));
    restore();
    return { managerRssMb, appRssMb, distinctPidsAnswering, deploy, badRelease, crash: crashFigures };
  } finally {
    await stopNaughtIfRunning(appDir, env);
    killProcessesIn(root);
    fs.rmSync(root, { recursive: true, force: true });
  }
}

async function measureSystemd(options: Required<Omit<MeasureOptions, 'log'>>, log: (line: string) => void): Promise<ManagerFigures> {
  const { root, appDir } = copyApp('ch06-m-systemd');
  const port = await freePort();
  const runtimeRoot = path.join(root, 'run');
  let main: StartedProcess | null = null;
  try {
    const unit = parseUnit(renderUnit(localUnitValues(appDir, port)));
    const cwd = serviceValue(unit, 'WorkingDirectory');
    const env = serviceEnvironment(unit);
    const execute = (key: string): Promise<RunResult> => {
      const [file, ...args] = splitCommandLine(serviceValue(unit, key), runtimeRoot);
      return run(file as string, args, { cwd, env, timeoutMs: 90_000 });
    };
    log('systemd: ExecStart');
    fs.mkdirSync(path.join(runtimeRoot, 'hello'), { recursive: true });
    const [file, ...args] = splitCommandLine(serviceValue(unit, 'ExecStart'), runtimeRoot);
    const started = startProcess(file as string, args, { cwd, env });
    main = started;
    await waitFor('Ready', () => (/^Ready\./m.test(started.stderr()) ? true : undefined));
    const distinctPidsAnswering = await distinctPids(port);
    log('systemd: ExecReload under load');
    setRelease(appDir, 'v2');
    const deploy = await underLoad(port, options, 'ExecReload (naught deploy)', () => execute('ExecReload'));
    const managerRssMb = mb(rssKb(started.pid));
    const workers = childPids(started.pid);
    const appRssMb = workers.map((pid) => mb(rssKb(pid)));

    log('systemd: crash (GET /read)');
    const stderrLength = started.stderr().length;
    const crashFigures = await crash(
      port,
      async () => workers.some((pid) => !isAlive(pid)),
      async () => /^WorkerOnline\./m.test(started.stderr().slice(stderrLength)),
    );

    log('systemd: ExecReload of a release that cannot start, under load');
    const restore = breakRelease(appDir);
    const badRelease = await underLoad(port, options, 'ExecReload (naught deploy)', () => execute('ExecReload'));
    restore();
    await execute('ExecStop');
    await started.exited;
    return { managerRssMb, appRssMb, distinctPidsAnswering, deploy, badRelease, crash: crashFigures };
  } finally {
    if (main !== null) {
      main.kill('SIGKILL');
      await main.exited;
    }
    killProcessesIn(root);
    fs.rmSync(root, { recursive: true, force: true });
  }
}

async function measureContainerCommand(options: Required<Omit<MeasureOptions, 'log'>>, log: (line: string) => void): Promise<ManagerFigures> {
  const { root, appDir } = copyApp('ch06-m-plain');
  const port = await freePort();
  // The image's CMD and ENV (docker/Dockerfile), outside a container: HOST stays 127.0.0.1.
  const server = startProcess('node', ['server.js'], { cwd: appDir, env: { PATH: process.env.PATH, NODE_ENV: 'production', PORT: String(port) } });
  try {
    log('plain node (the container CMD): start');
    await waitFor('the server', () => get(port, '/', 1000).then(() => true));
    const distinctPidsAnswering = await distinctPids(port);
    // The load the others' new processes served after their deploy, so that the memory is comparable.
    const load = startLoad({ url: `http://127.0.0.1:${port}/`, connections: options.connections, maxSeconds: 120, timeoutSeconds: 5 });
    await sleep(options.secondsAround * 1000);
    await load.stop();
    const appRssMb = [mb(rssKb(server.pid))];
    log('plain node: crash (GET /read)');
    // Nothing starts a replacement here: in Kubernetes the kubelet would restart the container.
    const crashFigures = await crash(port, async () => !isAlive(server.pid), null);
    const exit = await server.exited;
    if (exit.code !== 1) throw new Error(`the crashed lone process exited with ${exit.code}, expected 1`);
    return { managerRssMb: null, appRssMb, distinctPidsAnswering, deploy: null, badRelease: null, crash: crashFigures };
  } finally {
    server.kill('SIGKILL');
    await server.exited;
    fs.rmSync(root, { recursive: true, force: true });
  }
}

export async function measure(options: MeasureOptions = {}): Promise<Measurements> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const settings = { connections: options.connections ?? 10, secondsAround: options.secondsAround ?? 1 };
  const cpus = os.cpus();
  const version = (file: string): string => (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8')) as { version: string }).version;
  const pm2 = await measurePm2(settings, log);
  const naughtFigures = await measureNaught(settings, log);
  const systemd = await measureSystemd(settings, log);
  const container = await measureContainerCommand(settings, log);
  return {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model.trim() ?? 'unknown',
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      kernel: `${os.type()} ${os.release()}`,
      node: process.version,
      pm2: version('node_modules/pm2/package.json'),
      naughtCore: version('naught-core/package.json'),
    },
    load: { connections: settings.connections, secondsBefore: settings.secondsAround, secondsAfter: settings.secondsAround },
    pm2,
    naught: naughtFigures,
    systemd,
    container,
  };
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const memory = (figures: ManagerFigures): string => {
  const apps = figures.appRssMb.map((value) => value.toFixed(0)).join(' + ');
  return figures.managerRssMb === null ? `${apps} MB (one process)` : `${figures.managerRssMb.toFixed(0)} MB manager + ${apps} MB app processes`;
};
const deployCell = (figures: LoadFigures | null): string =>
  figures === null
    ? 'n/a'
    : `exit ${figures.exitCode} after ${seconds(figures.durationMs)}; ${figures.failed} of ${figures.requests} requests failed; then GET / gave ${figures.afterwards}`;
const crashCell = (figures: CrashFigures, how: string): string =>
  figures.replacementOnlineMs === null
    ? `the process exited (code 1) ${seconds(figures.crashedExitedMs)} after the crash; ${figures.failedDuringCrash} of ${figures.requestsDuringCrash} GET / failed meanwhile (nothing else listens); ${how}`
    : `replacement online ${seconds(figures.replacementOnlineMs)} after the crash, crashed process gone after ${seconds(figures.crashedExitedMs)}; ${figures.failedDuringCrash} of ${figures.requestsDuringCrash} GET / failed meanwhile; ${how}`;

/** The README's comparison table: measured cells from `m`, the rest facts about the tools. */
export function toMarkdown(m: Measurements): string {
  const rows: Array<[string, string, string, string, string]> = [
    [
      'zero-downtime deploy (measured: new release, ' + `${m.load.connections} keep-alive clients)`,
      `\`pm2 reload\`: ${deployCell(m.pm2.deploy)}`,
      `\`naught deploy\`: ${deployCell(m.naught.deploy)}`,
      `\`systemctl reload\` (ExecReload runs \`naught deploy\`): ${deployCell(m.systemd.deploy)}`,
      'rolling update, maxSurge 100% / maxUnavailable 0: not measured here (no cluster)',
    ],
    [
      'a release that cannot start (measured, same load)',
      `\`pm2 reload\`: ${deployCell(m.pm2.badRelease)}`,
      `\`naught deploy\`: ${deployCell(m.naught.badRelease)}`,
      `ExecReload: ${deployCell(m.systemd.badRelease)}`,
      'new pods never become ready, the old ones stay (maxUnavailable 0): not measured here',
    ],
    [
      'crash recovery (measured: one GET /read)',
      crashCell(m.pm2.crash, 'pm2 starts the replacement once the crashed instance has exited (after 100 ms, then 150, 225 ... in a crash loop)'),
      crashCell(m.naught.crash, "naught starts the replacement at once, on the worker's 'offline'"),
      crashCell(m.systemd.crash, 'as naught-core; if naught itself dies, Restart=on-failure'),
      crashCell(m.container.crash, 'the kubelet restarts the container (not measured here)'),
    ],
    [
      'logs and rotation',
      'one out and one err file per instance in $PM2_HOME/logs; no rotation without the pm2-logrotate module',
      'stdout.log, stderr.log, naught.log, rotated by size and gzipped (--max-log-size)',
      'the journal (--log - --stdout - --stderr -), rotated by journald',
      'stdout/stderr to the container runtime; the kubelet rotates them',
    ],
    [
      'clustering (measured: distinct pids answering 20 requests)',
      `cluster mode, instances: 2 — ${m.pm2.distinctPidsAnswering} pids`,
      `--worker-count 2 — ${m.naught.distinctPidsAnswering} pids`,
      `--worker-count 2 — ${m.systemd.distinctPidsAnswering} pids`,
      `replicas: 2, one process per pod — ${m.container.distinctPidsAnswering} pid per container`,
    ],
    [
      'boot integration',
      '`pm2 startup` writes a systemd unit that resurrects the `pm2 save` list',
      'none of its own: run it under systemd (next column)',
      '`systemctl enable hello` (WantedBy=multi-user.target)',
      'the kubelet, itself a systemd service',
    ],
    ['memory (measured resident set size)', memory(m.pm2), memory(m.naught), memory(m.systemd), `${memory(m.container)} per pod`],
  ];
  const header = '| | pm2 (cluster mode) | naught-core (daemon) | systemd + naught-core (foreground) | container: plain node (+ Kubernetes) |\n| --- | --- | --- | --- | --- |';
  const body = rows.map((row) => `| ${row.join(' | ')} |`).join('\n');
  const machine = `${m.machine.cpus} × ${m.machine.cpuModel}, ${m.machine.memoryGiB} GiB, ${m.machine.kernel}, Node ${m.machine.node}, pm2 ${m.machine.pm2}, naught-core ${m.machine.naughtCore}`;
  return `Measured ${m.date.slice(0, 10)} on ${machine}.\n\n${header}\n${body}\n`;
}

export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const measurements = await measure();
  console.log(JSON.stringify(measurements, null, 2));
  if (!argv.includes('--json')) console.log(`\n${toMarkdown(measurements)}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
