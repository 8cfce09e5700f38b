/**
 * naught 1.6.0, fetched at bench time (never a devDependency: its `naught`
 * bin would clash with naught-core's in node_modules/.bin): `npm pack
 * naught@1.6.0` into a temporary directory, its two dependencies installed
 * there with `npm install --prefix`. Then:
 *
 * 1. the attempt: `naught start --worker-count 2` as published, on this Node,
 *    and what it left behind (exit code, output, files, processes, port);
 * 2. its daemon run on its own with its stderr kept, to see why;
 * 3. a copy with the two-line fix that lets it run on Node 20, which the other
 *    scenarios measure as "naught 1.6.0 + fix" (clearly not the published
 *    package).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { APPS, freePort, getOnce, isAlive, now, ourProcesses, reap, removeDir, runNode, sleep, tempDir } from '../processes';

export interface CommandRecord {
  command: string;
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface Naught160Probe {
  nodeVersion: string;
  /** Whether `npm pack` and `npm install` worked; when not, why (the registry may be unreachable). */
  fetched: boolean;
  fetchError: string | null;
  pack: CommandRecord | null;
  install: CommandRecord | null;
  /** `naught start --worker-count 2 naught-readme.js` with the published code. */
  attempt: (CommandRecord & { filesAfter: string[]; processesAfter: string[]; requestAfter: string }) | null;
  /** The daemon (lib/start_daemon.js) run directly, with its stderr kept. */
  daemonAlone: (CommandRecord & { firstError: string | null }) | null;
  /** The two replacements of the fix, and whether each applied. */
  fix: { file: string; from: string; to: string; applied: boolean }[];
  /** Main script of the fixed copy, or null when it could not be made. */
  fixedBin: string | null;
}

const FIX = [
  {
    file: 'lib/daemon.js',
    // Node 14+: fs.writeFile rejects a number as data (ERR_INVALID_ARG_TYPE), and the daemon dies before anything else.
    from: 'fs.writeFile(pidFile, process.pid, function(){',
    to: 'fs.writeFile(pidFile, String(process.pid), function(){',
  },
  {
    file: 'lib/daemon.js',
    // Node 12+: process.send() after the CLI disconnected emits an unhandled 'error' instead of throwing into the try/catch.
    from: '    process.send(msg);',
    to: '    if (process.connected) process.send(msg);',
  },
];

/** The telling lines of npm's error output (its code and the request that failed), else its last lines. */
function npmError(stderr: string): string {
  const lines = stderr.trim().split('\n');
  const telling = lines.filter((line) => /\b(code|errno|request to)\b/.test(line));
  return (telling.length > 0 ? telling : lines.slice(-3)).join(' / ');
}

function runCommand(command: string, args: string[], cwd: string, timeoutMs: number): Promise<CommandRecord> {
  const started = now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (data: string) => (stdout += data));
    child.stderr.setEncoding('utf8').on('data', (data: string) => (stderr += data));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const done = (code: number | null, signal: string | null, error?: Error): void => {
      clearTimeout(timer);
      resolve({ command: [command, ...args].join(' '), code, signal, stdout, stderr: stderr + (error ? error.message : ''), ms: now() - started });
    };
    child.once('error', (error) => done(null, null, error));
    child.once('close', (code, signal) => done(code, signal));
  });
}

function asRecord(command: string, result: Awaited<ReturnType<typeof runNode>>): CommandRecord {
  return { command, code: result.code, signal: result.signal, stdout: result.stdout, stderr: result.stderr, ms: result.ms };
}

/** Fetches naught 1.6.0 into `workDir`, tries it as published, and makes the fixed copy. */
export async function probeNaught160(workDir: string): Promise<Naught160Probe> {
  const probe: Naught160Probe = {
    nodeVersion: process.version,
    fetched: false,
    fetchError: null,
    pack: null,
    install: null,
    attempt: null,
    daemonAlone: null,
    fix: [],
    fixedBin: null,
  };
  probe.pack = await runCommand('npm', ['pack', 'naught@1.6.0', '--no-audit', '--no-fund'], workDir, 120_000);
  const tarball = path.join(workDir, 'naught-1.6.0.tgz');
  if (probe.pack.code !== 0 || !fs.existsSync(tarball)) {
    const unreachable = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|network/i.test(probe.pack.stderr);
    probe.fetchError =
      (unreachable ? 'the npm registry could not be reached: ' : '') +
      `npm pack naught@1.6.0 failed (exit ${probe.pack.code ?? probe.pack.signal}): ${npmError(probe.pack.stderr)}`;
    return probe;
  }
  const untar = await runCommand('tar', ['xzf', tarball], workDir, 60_000);
  const published = path.join(workDir, 'package');
  if (untar.code !== 0) {
    probe.fetchError = `tar xzf failed: ${untar.stderr.trim()}`;
    return probe;
  }
  probe.install = await runCommand(
    'npm',
    ['install', '--prefix', published, '--omit=dev', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', 'mkdirp@0.5', 'pend@1.2'],
    workDir,
    180_000,
  );
  if (probe.install.code !== 0) {
    probe.fetchError = `npm install of mkdirp@0.5 and pend@1.2 failed (exit ${probe.install.code ?? probe.install.signal}): ${npmError(probe.install.stderr)}`;
    return probe;
  }
  probe.fetched = true;

  // Make the fixed copy before trying anything, from the untouched package.
  const fixed = path.join(workDir, 'fixed');
  fs.cpSync(published, fixed, { recursive: true });
  for (const change of FIX) {
    const file = path.join(fixed, change.file);
    const text = fs.readFileSync(file, 'utf8');
    const applied = text.split(change.from).length === 2;
    if (applied) fs.writeFileSync(file, text.replace(change.from, change.to));
    probe.fix.push({ ...change, applied });
  }
  if (probe.fix.every((change) => change.applied)) probe.fixedBin = path.join(fixed, 'lib', 'main.js');

  probe.attempt = await attemptPublished(path.join(published, 'lib', 'main.js'));
  probe.daemonAlone = await runDaemonAlone(path.join(published, 'lib', 'start_daemon.js'));
  return probe;
}

/** `naught start --worker-count 2` with the published code, then what is left a second later. */
async function attemptPublished(bin: string): Promise<NonNullable<Naught160Probe['attempt']>> {
  const dir = tempDir('naught-160-attempt-');
  const port = await freePort();
  const before = new Set(ourProcesses());
  try {
    const app = path.join(APPS, 'naught-readme.js');
    const result = await runNode([bin, 'start', '--worker-count', '2', app], {
      cwd: dir,
      env: { PORT: String(port), BENCH_EVENTS: path.join(dir, 'events.jsonl') },
      timeoutMs: 30_000,
    });
    await sleep(1_000);
    const left = ourProcesses().filter((pid) => !before.has(pid) && isAlive(pid));
    const processesAfter = left.map((pid) => `${pid}: ${fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim()}`);
    const answer = await getOnce(port, '/', 1_000);
    const requestAfter = answer.status !== null ? `HTTP ${answer.status}` : (answer.error ?? 'no answer');
    await reap(left);
    return { ...asRecord(`naught start --worker-count 2 naught-readme.js`, result), filesAfter: fs.readdirSync(dir).sort(), processesAfter, requestAfter };
  } finally {
    removeDir(dir);
  }
}

/** What naught 1.6.0's `start` runs detached with its output discarded, here with its stderr kept. */
async function runDaemonAlone(startDaemon: string): Promise<NonNullable<Naught160Probe['daemonAlone']>> {
  const dir = tempDir('naught-160-daemon-');
  const before = new Set(ourProcesses());
  try {
    const file = (name: string): string => path.join(dir, name);
    // The arguments lib/main.js passes: worker count, ipc file, log, stderr, stdout, max log size, script, node args, pid file.
    const args = [startDaemon, '2', file('naught.ipc'), file('naught.log'), file('stderr.log'), file('stdout.log'), '10485760', path.join(APPS, 'naught-readme.js'), '', file('naught.pid')];
    const result = await runNode(args, { cwd: dir, env: { PORT: String(await freePort()) }, timeoutMs: 10_000 });
    await reap(ourProcesses().filter((pid) => !before.has(pid)));
    const firstError = result.stderr.split('\n').find((line) => /^\w*Error\b/.test(line)) ?? null;
    return { ...asRecord('node lib/start_daemon.js (the arguments lib/main.js gives it)', result), firstError };
  } finally {
    removeDir(dir);
  }
}
