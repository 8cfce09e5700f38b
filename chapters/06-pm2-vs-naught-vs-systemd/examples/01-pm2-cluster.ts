/**
 * The app under pm2, in cluster mode, from deploy/ecosystem.config.cjs:
 * start two instances, ask them, put a new release on disk, `pm2 reload`,
 * ask again, `pm2 kill`. pm2 runs with PM2_HOME in a temporary directory (its
 * daemon, sockets and logs live there), and `pm2 kill` runs whatever happens.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Pm2Sandbox, type Pm2Instance } from '../lib/pm2';
import { copyApp, freePort, get, parseHello, setRelease } from '../lib/processes';

export interface Pm2Demo {
  pm2Home: string;
  daemonPid: number;
  started: Pm2Instance[];
  before: string[];
  reloaded: Pm2Instance[];
  after: string[];
  /** pids still alive after `pm2 kill` (should be none). */
  leftAlive: number[];
  /** pm2's own files after `pm2 kill` (the sockets are gone). */
  homeAfterKill: string[];
}

// ESC [ ... m: pm2's colours.
const COLOURS = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
const stripColors = (text: string): string => text.replace(COLOURS, '');

/** The [PM2] lines of a pm2 command's output, without colours. */
function pm2Lines(output: string): string[] {
  return stripColors(output)
    .split('\n')
    .filter((line) => line.startsWith('[PM2]'));
}

function describe(instances: Pm2Instance[]): string {
  return instances.map((i) => `${i.name}:${i.pmId} ${i.status} (${i.execMode}) pid ${i.pid}`).join(', ');
}

async function ask(port: number, times: number, log: (line: string) => void): Promise<string[]> {
  const bodies: string[] = [];
  for (let i = 0; i < times; i++) {
    const answer = await get(port, '/');
    parseHello(answer.body); // throws on anything else
    bodies.push(answer.body);
    log(answer.body.trimEnd());
  }
  return bodies;
}

export async function pm2Demo(log: (line: string) => void = console.log): Promise<Pm2Demo> {
  const { root, appDir } = copyApp('ch06-pm2');
  const port = await freePort();
  const pm2 = new Pm2Sandbox(path.join(root, 'pm2'), appDir, { PORT: String(port) });
  let killed: Awaited<ReturnType<Pm2Sandbox['kill']>> | null = null;
  try {
    log(`== pm2 start ecosystem.config.cjs (PM2_HOME=${pm2.home}, PORT=${port})`);
    const start = await pm2.pm2Ok(['start', 'ecosystem.config.cjs']);
    for (const line of pm2Lines(start.stdout + start.stderr)) log(line);
    const started = await pm2.list();
    const daemonPid = pm2.daemonPid();
    if (daemonPid === null) throw new Error('no pm2.pid after pm2 start');
    log(`instances: ${describe(started)}; pm2 daemon: pid ${daemonPid}`);

    log('== GET / four times (new connection each time: the cluster primary takes turns)');
    const before = await ask(port, 4, log);

    log("== a new release on disk (RELEASE = 'v2'), then pm2 reload ecosystem.config.cjs");
    setRelease(appDir, 'v2');
    const reload = await pm2.pm2Ok(['reload', 'ecosystem.config.cjs']);
    for (const line of pm2Lines(reload.stdout + reload.stderr)) log(line);
    const reloaded = await pm2.list();
    log(`instances: ${describe(reloaded)}`);

    log('== GET / four times');
    const after = await ask(port, 4, log);

    log('== pm2 kill');
    killed = await pm2.kill();
    for (const line of pm2Lines((killed.result?.stdout ?? '') + (killed.result?.stderr ?? ''))) log(line);
    const homeAfterKill = fs.readdirSync(pm2.home).sort();
    log(`processes left: ${killed.leftAlive.length === 0 ? 'none' : killed.leftAlive.join(', ')}`);
    log(`sockets left in PM2_HOME: ${homeAfterKill.filter((name) => name.endsWith('.sock')).join(', ') || 'none'}`);
    return { pm2Home: pm2.home, daemonPid, started, before, reloaded, after, leftAlive: killed.leftAlive, homeAfterKill };
  } finally {
    // Always, even when something above failed.
    if (killed === null) await pm2.kill();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

if (require.main === module) {
  pm2Demo().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
