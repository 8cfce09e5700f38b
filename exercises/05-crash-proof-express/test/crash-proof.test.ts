import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { subjectPath } from '../../shared/subject';
import { describeAnswer, get, pause, startApp, whatItPrinted, type Answer, type RunningApp } from './support';

const EXERCISE_DIR = path.resolve(__dirname, '..');
const MISSING_FILE_ERROR = /^ENOENT: no such file or directory, open '.*no-such-file\.txt'$/;

/** Asserts a 500 answer whose JSON body is {"error": <message>}, the message matching `expected`. */
async function assertJson500(answer: Answer, app: RunningApp, route: string, expected: string | RegExp): Promise<void> {
  if (answer.error !== null) await pause(300); // no answer: let a dying process finish dying, so the message can say so
  const wanted = `a 500 answer with JSON {"error": ${typeof expected === 'string' ? JSON.stringify(expected) : String(expected)}}`;
  const got = `GET ${route}: expected ${wanted}, but got ${describeAnswer(answer, app)}`;
  assert.equal(answer.status, 500, got);
  assert.match(answer.contentType, /^application\/json\b/, got);
  let body: unknown;
  try {
    body = JSON.parse(answer.body);
  } catch {
    assert.fail(got);
  }
  assert.ok(typeof body === 'object' && body !== null && !Array.isArray(body), got);
  assert.deepEqual(Object.keys(body), ['error'], `${got} (only the "error" key, please: no stack trace for the client)`);
  const message = (body as { error: unknown }).error;
  assert.equal(typeof message, 'string', got);
  if (typeof expected === 'string') assert.equal(message, expected, got);
  else assert.match(message as string, expected, got);
}

/** Asserts that the very process that served the failing route still runs and answers GET /. */
async function assertStillServing(app: RunningApp, after: string): Promise<void> {
  await pause(200); // a process hit by an uncaught exception needs a moment to finish dying
  const home = await get(app.port, '/');
  assert.equal(app.exitCode(), null, `after GET ${after}, the app process should still run, but it exited (${String(app.exitCode())})${whatItPrinted(app)}`);
  assert.equal(home.status, 200, `after GET ${after}, GET / should still answer 200, but got ${describeAnswer(home, app)}`);
}

describe('exercise 05: a crash-proof Express app (app.ts, run as a real process)', function () {
  this.timeout(30_000);
  let appFile = '';
  let app: RunningApp | null = null;

  before(() => {
    appFile = subjectPath(EXERCISE_DIR, 'app.ts');
  });

  afterEach(async () => {
    await app?.stop();
    app = null;
  });

  async function start(): Promise<RunningApp> {
    app = await startApp(appFile);
    return app;
  }

  it('starts, and answers GET / with 200 "hello"', async () => {
    const running = await start();
    const home = await get(running.port, '/');
    assert.equal(home.status, 200, `GET /: expected 200 "hello", got ${describeAnswer(home, running)}`);
    assert.equal(home.body, 'hello\n');
  });

  it('a synchronous throw (GET /boom/sync) answers 500 with {"error": "sync boom"} as JSON', async () => {
    const running = await start();
    await assertJson500(await get(running.port, '/boom/sync'), running, '/boom/sync', 'sync boom');
    await assertStillServing(running, '/boom/sync');
  });

  it('a rejected promise (GET /boom/async) answers 500 with {"error": "no user named nobody"}, and the process stays up', async () => {
    const running = await start();
    await assertJson500(await get(running.port, '/boom/async'), running, '/boom/async', 'no user named nobody');
    await assertStillServing(running, '/boom/async');
  });

  it('an error in a callback (GET /boom/callback) answers 500 with the ENOENT message, and the process stays up', async () => {
    const running = await start();
    await assertJson500(await get(running.port, '/boom/callback'), running, '/boom/callback', MISSING_FILE_ERROR);
    await assertStillServing(running, '/boom/callback');
  });

  it("an 'error' event on a stream (GET /boom/stream) answers 500 with the ENOENT message, and the process stays up", async () => {
    const running = await start();
    await assertJson500(await get(running.port, '/boom/stream'), running, '/boom/stream', MISSING_FILE_ERROR);
    await assertStillServing(running, '/boom/stream');
  });

  it("another client's request in progress (GET /slow) is still answered while the other routes fail", async () => {
    const running = await start();
    const slow = get(running.port, '/slow');
    await pause(100); // /slow is now in progress: it takes 500 ms
    const failures = await Promise.all(['/boom/sync', '/boom/async', '/boom/callback', '/boom/stream'].map((route) => get(running.port, route)));
    const slowAnswer = await slow;
    if (slowAnswer.error !== null) await pause(300);
    assert.equal(slowAnswer.status, 200, `GET /slow, sent before the failing routes, should be answered 200, but got ${describeAnswer(slowAnswer, running)}`);
    assert.equal(slowAnswer.body, 'slow hello\n');
    assert.ok(
      failures.every((answer) => answer.status === 500),
      `every failing route should answer 500, but they gave: ${failures.map((answer) => describeAnswer(answer, running)).join('; ')}`,
    );
  });

  it('one process survives every kind of failure, one after the other, and still answers GET /', async () => {
    const running = await start();
    for (const route of ['/boom/sync', '/boom/async', '/boom/callback', '/boom/stream', '/boom/sync']) {
      const answer = await get(running.port, route);
      if (answer.error !== null) await pause(300);
      assert.equal(answer.status, 500, `GET ${route}: expected 500, got ${describeAnswer(answer, running)}`);
    }
    await assertStillServing(running, 'each failing route in turn');
  });
});
