/**
 * `make demo`: start a sample server under naught-core with 2 workers, deploy
 * a new release while clients keep sending requests, show the new release
 * served, stop. Everything happens in a temporary directory on 127.0.0.1, and
 * everything started is stopped again, even when a step fails.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

const NAUGHT_CORE = path.resolve(__dirname, '..', '..');
const NAUGHT_BIN = path.join(NAUGHT_CORE, 'dist', 'cli', 'main.js');

function say(text: string): void {
  process.stdout.write(`\n\x1b[1m== ${text}\x1b[0m\n`);
}

/** Runs `naught ARGS` in the demo directory, echoing the command and what it printed. */
function naught(directory: string, args: string[], env: NodeJS.ProcessEnv = {}): number {
  process.stdout.write(`$ naught ${args.join(' ')}\n`);
  const result = spawnSync(process.execPath, [NAUGHT_BIN, ...args], { cwd: directory, env: { ...process.env, ...env }, encoding: 'utf8' });
  process.stdout.write(result.stdout + result.stderr);
  return result.status ?? 1;
}

function writeRelease(directory: string, release: number): void {
  const template = fs.readFileSync(path.join(__dirname, 'server.template.js'), 'utf8');
  // Drop the template's `/* global */` line (it names the placeholders for the linter), then fill them in.
  const code = template
    .replace(/^\/\* global .*\*\/\n/, '')
    .replaceAll('__NAUGHT_CORE__', JSON.stringify(NAUGHT_CORE))
    .replaceAll('__RELEASE__', String(release));
  fs.writeFileSync(path.join(directory, 'server.js'), code);
}

async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function get(port: number, agent: http.Agent): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/', agent, timeout: 5_000 }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => (response.statusCode === 200 ? resolve(body) : reject(new Error(`HTTP ${response.statusCode}`))));
    });
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', reject);
  });
}

/** Keep-alive clients sending requests back to back until `until` resolves. */
async function keepClientsBusy(port: number, clients: number, until: Promise<unknown>): Promise<{ ok: number; failed: number; releases: Set<string> }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const tally = { ok: 0, failed: 0, releases: new Set<string>() };
  let running = true;
  void until.finally(() => (running = false));
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (running) {
        try {
          const body = await get(port, agent);
          tally.ok += 1;
          tally.releases.add(body.replace(/ \(.*/s, ''));
        } catch {
          tally.failed += 1;
        }
      }
    }),
  );
  agent.destroy();
  return tally;
}

function daemonPid(directory: string): number | null {
  try {
    return Number(fs.readFileSync(path.join(directory, 'naught.pid'), 'utf8').trim()) || null;
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  if (!fs.existsSync(NAUGHT_BIN)) throw new Error(`${NAUGHT_BIN} is missing: run make build`);
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'naught-demo-'));
  const port = await freePort();
  const env = { PORT: String(port) };
  let started = false;
  try {
    say(`Release 1: a small HTTP server in ${directory}`);
    writeRelease(directory, 1);
    say('Start it under naught-core with 2 workers (the daemon answers once both are online)');
    if (naught(directory, ['start', '--worker-count', '2', 'server.js'], env) !== 0) {
      process.stdout.write(fs.readFileSync(path.join(directory, 'stderr.log'), 'utf8'));
      throw new Error('naught start failed (stderr.log above)');
    }
    started = true;
    const agent = new http.Agent({ keepAlive: false });
    for (let i = 0; i < 4; i += 1) process.stdout.write(`GET / -> ${await get(port, agent)}`);

    say('Release 2: change the code, then deploy while 10 keep-alive clients keep sending requests');
    writeRelease(directory, 2);
    let finishDeploy: () => void = () => undefined;
    const deployed = new Promise<void>((resolve) => (finishDeploy = resolve));
    const load = keepClientsBusy(port, 10, deployed);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // spawnSync blocks this process: run the deploy in a child and keep serving the load meanwhile.
    const deployStatus = await new Promise<number>((resolve) => {
      process.stdout.write('$ naught deploy\n');
      const child = spawn(process.execPath, [NAUGHT_BIN, 'deploy'], { cwd: directory, stdio: ['ignore', 'inherit', 'inherit'] });
      child.on('exit', (code) => resolve(code ?? 1));
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    finishDeploy();
    const tally = await load;
    if (deployStatus !== 0) throw new Error('naught deploy failed');
    process.stdout.write(`\nDuring the deploy: ${tally.ok} requests answered, ${tally.failed} failed; releases seen: ${[...tally.releases].join(', ')}\n`);
    for (let i = 0; i < 4; i += 1) process.stdout.write(`GET / -> ${await get(port, agent)}`);

    say('Status, then stop');
    naught(directory, ['status']);
    naught(directory, ['stop']);
    started = false;
    say('What the server printed (stdout.log) and what naught-core recorded (naught.log)');
    process.stdout.write(fs.readFileSync(path.join(directory, 'stdout.log'), 'utf8'));
    process.stdout.write(fs.readFileSync(path.join(directory, 'naught.log'), 'utf8'));
    if (tally.failed > 0) throw new Error(`${tally.failed} requests failed during the deploy`);
    say('Done: zero failed requests across the deploy');
  } finally {
    if (started) {
      spawnSync(process.execPath, [NAUGHT_BIN, 'stop', '--timeout', '5'], { cwd: directory, stdio: 'ignore' });
      const pid = daemonPid(directory);
      if (pid !== null) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already stopped
        }
      }
    }
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
