/**
 * The three strings of naught's worker protocol and NAUGHT_WORKER, through a
 * forked fixture (real IPC) and without any channel at all.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { FIXTURES, collect } from '../helpers/naught';
import { workerIndex } from '../../src/worker';
import { WORKER_LIB, assertLibraryBuilt, cleanUp, forkFixture, isWorkerEvent, rememberPid } from './support';

describe('worker/protocol', function () {
  before(assertLibraryBuilt);
  afterEach(cleanUp);

  it('sends online and offline to the parent as plain strings', async function () {
    const proc = forkFixture('worker-protocol.js', { NAUGHT_WORKER: '3' });
    await proc.waitForMessage((message) => message === 'offline', 'offline');
    assert.deepEqual(proc.messages, [{ event: 'index', index: 3 }, 'online', 'offline']);
  });

  it('calls onShutdown handlers for the string shutdown only, until unsubscribed', async function () {
    const proc = forkFixture('worker-protocol.js');
    await proc.waitForMessage((message) => message === 'offline', 'startup');
    const pong = async (): Promise<unknown> => {
      const before = proc.messages.length;
      proc.send('ping');
      return proc.waitForMessage((message) => isWorkerEvent(message, 'pong') && proc.messages.indexOf(message) >= before, 'pong');
    };

    for (const other of ['SHUTDOWN', 'shutdown ', { action: 'shutdown' }, ['shutdown']]) proc.send(other);
    assert.deepEqual(await pong(), { event: 'pong', count: 0 });
    assert.equal(proc.messages.filter((message) => isWorkerEvent(message, 'other-shutdown')).length, 0);

    proc.send('shutdown');
    await proc.waitForMessage((message) => isWorkerEvent(message, 'shutdown'), 'the handler');
    proc.send('shutdown'); // the first handler unsubscribed itself on the first one
    assert.deepEqual(await pong(), { event: 'pong', count: 1 });
    assert.equal(proc.messages.filter((message) => isWorkerEvent(message, 'other-shutdown')).length, 2);
    assert.equal(proc.messages.filter((message) => isWorkerEvent(message, 'shutdown')).length, 1);
  });

  it('stays silent once the channel is closed (after cluster\'s disconnect)', async function () {
    const proc = forkFixture('worker-protocol.js');
    await proc.waitForMessage((message) => message === 'offline', 'startup');
    proc.send('disconnect-me');
    assert.deepEqual(await proc.waitForExit(), { code: 0, signal: null });
    assert.match(proc.stdout, /after-disconnect ok/);
    assert.equal(proc.stderr, '');
  });

  it('is a no-op without naught: no channel, no index', async function () {
    const { NAUGHT_WORKER: _worker, NODE_OPTIONS: _options, ...env } = process.env;
    const child = spawn(process.execPath, [path.join(FIXTURES, 'worker-protocol.js')], {
      env: { ...env, NAUGHT_CORE_LIB: WORKER_LIB },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    rememberPid(child.pid as number);
    const result = await collect(child, 10_000, ['worker-protocol.js']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), { index: null, ok: true });
  });

  describe('workerIndex()', function () {
    const saved = process.env.NAUGHT_WORKER;
    afterEach(function () {
      if (saved === undefined) delete process.env.NAUGHT_WORKER;
      else process.env.NAUGHT_WORKER = saved;
    });

    it('reads NAUGHT_WORKER as a non-negative integer, or null', function () {
      const cases: [string | undefined, number | null][] = [
        ['0', 0], ['3', 3], [' 12 ', 12], [undefined, null], ['', null], ['  ', null], ['abc', null], ['-1', null], ['1.5', null], ['1e3', null], ['0x1f', null],
      ];
      for (const [value, expected] of cases) {
        if (value === undefined) delete process.env.NAUGHT_WORKER;
        else process.env.NAUGHT_WORKER = value;
        assert.equal(workerIndex(), expected, `NAUGHT_WORKER=${JSON.stringify(value)}`);
      }
    });
  });
});
