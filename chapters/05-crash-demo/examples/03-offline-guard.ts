/**
 * The offline guard at work: the compiled app with guardCrashes
 * (dist/guarded-server.js) under naught-core with 2 workers. Three requests
 * are in progress when GET /read crashes one worker; the guard sends
 * 'offline', naught-core starts a replacement at once, the crashed worker
 * keeps serving until naught-core says 'replaced', then finishes its
 * requests and exits. naught.log shows each step.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildApp, DIST_DIR, GUARDED_SERVER_JS } from '../demo/build';
import { freePort, get, killAll, processTree, sendInFlight, sleep, stillRunning, type GetResult } from '../demo/processes';
import { REPO_ROOT } from '../demo/runners';

const NAUGHT = path.join(REPO_ROOT, 'naught-core', 'dist', 'cli', 'main.js');

function show(result: GetResult): string {
  return result.error !== null ? `no answer: ${result.error}` : `${result.status} ${result.body.trim()}`;
}

const EXPLAIN: Record<string, string> = {
  WorkerOffline: "the guard caught the exception and sent 'offline'",
  SpawnNew: 'naught-core starts the replacement at once',
  WorkerOnline: "the replacement is online; naught-core sends the old worker 'replaced'",
  Ready: 'back to full strength',
  WorkerDeath: 'the old worker finished its requests and exited (code 1)',
};

export async function main(): Promise<void> {
  buildApp();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ch05-guard-'));
  const port = await freePort();
  const env = { ...process.env, PORT: String(port), NODE_OPTIONS: '' };
  const naught = (args: string[]): string => {
    const run = spawnSync(process.execPath, [NAUGHT, ...args], { cwd: dir, env, encoding: 'utf8', timeout: 30_000 });
    return `${run.stdout}`.trim();
  };
  const log = (): string[] => fs.readFileSync(path.join(dir, 'naught.log'), 'utf8').split('\n').filter((line) => line !== '');
  let daemon: number | null = null;
  try {
    console.log(`$ naught start --worker-count 2 ${path.relative(path.dirname(DIST_DIR), GUARDED_SERVER_JS)}`);
    console.log(naught(['start', '--worker-count', '2', GUARDED_SERVER_JS]));
    daemon = Number(fs.readFileSync(path.join(dir, 'naught.pid'), 'utf8'));
    console.log(`GET /      -> ${show(await get(port, '/'))}`);
    const before = log().length;

    const others = (await sendInFlight(port, '/?work=500', 3)).results; // resolves once all three are sent
    // The guard cannot tell which request crashed, so /read never gets an answer: this client gives up after 1 s.
    const read = get(port, '/read', 1_000);
    for (const [i, other] of others.entries()) console.log(`   other client ${i + 1}, GET /?work=500 sent just before /read -> ${show(await other)}`);
    console.log(`GET /      -> ${show(await get(port, '/'))}`);
    console.log(`GET /read  -> ${show(await read)}`);

    // The crashed worker exits once its last connection (the /read) is gone.
    for (let i = 0; i < 100 && !log().slice(before).some((line) => line.startsWith('WorkerDeath')); i++) await sleep(100);
    console.log('naught.log, from the crash on:');
    for (const line of log().slice(before)) console.log(`  ${line.padEnd(66)} ${EXPLAIN[line.split('.')[0] as string] ?? ''}`.trimEnd());
    const stderrLog = fs.readFileSync(path.join(dir, 'stderr.log'), 'utf8');
    const printed = stderrLog.split('\n').find((line) => line.includes('ENOENT')) ?? '(nothing)';
    console.log(`stderr.log, what the guard printed: ${printed.replaceAll(DIST_DIR, 'dist').replace(/ \{$/, '')}`);
    console.log(`$ naught status\n${naught(['status'])}`);
  } finally {
    const tree = daemon === null ? [] : processTree(daemon);
    spawnSync(process.execPath, [NAUGHT, 'stop', '--timeout', '3'], { cwd: dir, env, timeout: 30_000 });
    await killAll(stillRunning(tree));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
