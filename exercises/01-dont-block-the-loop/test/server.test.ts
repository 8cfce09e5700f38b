/**
 * The real thing: test/primes-server.ts runs in its own process with your
 * countPrimes, and the checks talk to it over HTTP on 127.0.0.1. While a long
 * job streams its progress, a second client asks GET /ping. Whether the ping
 * was answered before the job's result, and what the ping saw, is read from
 * the order of events on the wire, not from a stopwatch.
 */
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import * as path from 'node:path';
import { subjectPath, REPO_ROOT } from '../../shared/subject';
import { referencePrimeCount } from './reference';

const EXERCISE_DIR = path.resolve(__dirname, '..');
const SERVER = path.join(__dirname, 'primes-server.ts');
/** Big enough that the job takes many slices (about a second of work on a laptop), small enough to stay quick. */
const BELOW = 6_000_000;
/** A safety net: a connection on which nothing arrives for this long is given up (a working job streams every few ms). */
const JOB_DEADLINE_MS = 25_000;

interface RunningServer {
  child: ChildProcess;
  port: number;
}

interface PingAnswer {
  jobs: { below: number; checked: number }[];
}

/** What the client saw, in the order it saw it. */
type WireEvent = { kind: 'progress'; checked: number } | { kind: 'ping answered'; answer: PingAnswer } | { kind: 'result'; count: number } | { kind: 'error'; message: string };

function startServer(modulePath: string): Promise<RunningServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER, modulePath], {
    cwd: REPO_ROOT,
    env: { ...process.env, NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const failed = (why: string): void => reject(new Error(`the server could not start with your count-primes.ts (${why}):\n${output}`));
    const timer = setTimeout(() => failed('not listening after 20 s'), 20_000);
    child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      output += text;
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match !== null) {
        clearTimeout(timer);
        resolve({ child, port: Number(match[1]) });
      }
    });
    child.stderr?.setEncoding('utf8').on('data', (text: string) => (output += text));
    child.once('exit', (code) => {
      clearTimeout(timer);
      failed(`it exited with code ${code}`);
    });
  });
}

function stopServer(server: RunningServer | undefined): Promise<void> {
  const child = server?.child;
  if (child === undefined || child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(child.pid, 'SIGKILL');
  return exited;
}

function get(port: number, urlPath: string, onData: (text: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: urlPath, agent: false }, (response) => {
      response.setEncoding('utf8');
      response.on('data', onData);
      response.on('end', resolve);
      response.on('error', reject);
    });
    request.setTimeout(JOB_DEADLINE_MS, () => request.destroy(new Error(`GET ${urlPath}: nothing received for ${JOB_DEADLINE_MS / 1000} s`)));
    request.on('error', reject);
  });
}

/** Starts a job; on its first progress line (the job is running), sends GET /ping on a second connection. */
async function jobWithPing(port: number): Promise<WireEvent[]> {
  const events: WireEvent[] = [];
  let ping: Promise<void> | undefined;
  let partial = '';
  await get(port, `/primes?below=${BELOW}`, (text) => {
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const [word, value = ''] = line.split(' ', 2);
      if (word === 'progress') events.push({ kind: 'progress', checked: Number(value) });
      else if (word === 'result') events.push({ kind: 'result', count: Number(value) });
      else events.push({ kind: 'error', message: line });
      if (word === 'progress' && ping === undefined) {
        let body = '';
        ping = get(port, '/ping', (chunk) => (body += chunk)).then(() => {
          events.push({ kind: 'ping answered', answer: JSON.parse(body) as PingAnswer });
        });
      }
    }
  });
  await ping;
  return events;
}

/** The events in order, each run of progress lines shortened to its first and last values. */
function describeEvents(events: WireEvent[]): string {
  const lines: string[] = [];
  let run: number[] = [];
  const flushRun = (): void => {
    if (run.length > 3) lines.push(`progress ${run[0]}, ${run[1]} ... ${run.at(-1)} (${run.length} lines)`);
    else if (run.length > 0) lines.push(`progress ${run.join(', ')}`);
    run = [];
  };
  for (const event of events) {
    if (event.kind === 'progress') {
      run.push(event.checked);
      continue;
    }
    flushRun();
    if (event.kind === 'ping answered') lines.push(`ping answered: ${JSON.stringify(event.answer)}`);
    else if (event.kind === 'result') lines.push(`result ${event.count}`);
    else lines.push(event.message);
  }
  flushRun();
  return lines.length === 0 ? '(nothing)' : lines.join('\n  ');
}

describe('exercise 01: a real HTTP server running your countPrimes', function () {
  let server: RunningServer | undefined;
  let events: WireEvent[] = [];

  before(async function () {
    this.timeout(60_000);
    server = await startServer(subjectPath(EXERCISE_DIR, 'count-primes.ts'));
    events = await jobWithPing(server.port);
  });

  after(async function () {
    await stopServer(server);
  });

  it(`answers GET /ping while a long job (primes below ${BELOW}) is still running`, function () {
    const pinged = events.findIndex((event) => event.kind === 'ping answered');
    const finished = events.findIndex((event) => event.kind === 'result' || event.kind === 'error');
    assert.ok(
      events.some((event) => event.kind === 'progress'),
      `the job never reported progress (onProgress was not called), so the checker could not tell when it was running; what the client saw:\n  ${describeEvents(events)}`,
    );
    assert.ok(pinged !== -1, `the ping got no answer; what the client saw:\n  ${describeEvents(events)}`);
    assert.ok(
      finished === -1 || pinged < finished,
      `GET /ping was sent as soon as the job reported progress, but it was answered only after the job's last line: ` +
        `the job kept the event loop to itself. What the client saw, in order:\n  ${describeEvents(events)}`,
    );
  });

  it("the ping's answer shows the job part-way: some numbers checked, not all of them yet", function () {
    const ping = events.find((event) => event.kind === 'ping answered');
    assert.ok(ping !== undefined, `the ping got no answer; what the client saw:\n  ${describeEvents(events)}`);
    const job = ping.answer.jobs.find((candidate) => candidate.below === BELOW);
    assert.ok(job !== undefined, `expected the ping to list the running job, got ${JSON.stringify(ping.answer)}: the job had already finished`);
    assert.ok(job.checked > 0 && job.checked < BELOW, `expected the job part-way (0 < checked < ${BELOW}), got checked = ${job.checked}`);
  });

  it('streams the right count when the job is done', function () {
    const last = events.filter((event) => event.kind !== 'ping answered').at(-1);
    const expected = referencePrimeCount(BELOW);
    assert.ok(last !== undefined && last.kind === 'result', `expected the job to end with "result ${expected}"; what the client saw:\n  ${describeEvents(events)}`);
    assert.equal(last.count, expected, `expected ${expected} primes below ${BELOW}, the server streamed ${last.count}`);
  });
});
