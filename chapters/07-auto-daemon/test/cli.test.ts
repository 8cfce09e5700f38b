import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { daemonsServing, isRunning, readPid, waitForExit } from '../examples/counter/processes';
import { killDaemons, runCounter } from './run';

describe('chapter 7: the counter tool, run as real processes', function () {
  let directory = '';
  let sockfile = '';

  beforeEach(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'ch07-test-'));
    sockfile = path.join(directory, 'counter.sock');
  });

  afterEach(async () => {
    await killDaemons(sockfile);
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it('add 2, add 3, add 4 print 2, 5, 9 from one implicit daemon; close ends it; add 5 then prints 5 from a new one', async () => {
    const outputs: string[] = [];
    const daemons: Array<number | null> = [];
    for (const n of ['2', '3', '4']) {
      const run = await runCounter(['add', n], sockfile);
      assert.equal(run.code, 0, run.stderr);
      outputs.push(run.stdout);
      daemons.push(readPid(`${sockfile}.pid`));
    }
    assert.deepEqual(outputs, ['2\n', '5\n', '9\n']);
    const first = daemons[0] as number;
    assert.deepEqual(daemons, [first, first, first], 'one daemon served the three commands');
    assert.deepEqual(daemonsServing(sockfile), [first]);
    assert.equal(isRunning(first), true, 'the daemon outlives the commands that use it');

    const close = await runCounter(['close'], sockfile);
    assert.deepEqual([close.code, close.stdout, close.stderr], [0, '', '']);
    await waitForExit(first);
    assert.equal(fs.existsSync(sockfile), false, 'close removed the socket');
    assert.equal(fs.existsSync(`${sockfile}.pid`), false, 'and the pid file');

    const again = await runCounter(['add', '5'], sockfile);
    assert.deepEqual([again.code, again.stdout], [0, '5\n'], 'the state was reset with the old daemon');
    const second = readPid(`${sockfile}.pid`) as number;
    assert.notEqual(second, first);
    const get = await runCounter(['get'], sockfile);
    assert.equal(get.stdout, '5\n');
    await runCounter(['close'], sockfile);
    await waitForExit(second);
  });

  it('close with no daemon running says so and starts none; a bad command prints the usage', async () => {
    const close = await runCounter(['close'], sockfile);
    assert.deepEqual([close.code, close.stdout], [0, 'no counter daemon is running\n']);
    assert.equal(fs.existsSync(sockfile), false);
    assert.deepEqual(daemonsServing(sockfile), []);
    const bad = await runCounter(['add', 'two'], sockfile);
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr, 'usage: counter add <number> | counter get | counter close\n');
    assert.deepEqual(daemonsServing(sockfile), []);
  });
});
