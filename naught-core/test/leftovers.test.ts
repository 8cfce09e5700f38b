/**
 * Nothing outlives the suite. The check is a root-level `after` hook, so it
 * runs once after every test file (and after the root hooks' cleanup of
 * sandboxes that failed tests left behind): no process whose cwd is, or was,
 * in a sandbox this run created is alive, and no process this run started
 * (a daemon whose cwd moved away included) is still running.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Sandbox, isAlive, waitFor } from './helpers/naught';
import { describeProcesses } from './helpers/processes';
import { processesInSandboxes, processesOfThisRun } from './helpers/fixes-helpers';

function leftovers(): number[] {
  return [...new Set([...processesInSandboxes(), ...processesOfThisRun()])].filter(isAlive);
}

after('no process outlives the suite', async function () {
  this.timeout(20_000);
  await waitFor(() => leftovers().length === 0, 5_000, 'leftover processes to end').catch(() => undefined);
  const left = leftovers();
  assert.deepStrictEqual(left, [], `processes left behind after the suite:\n${describeProcesses(left)}`);
});

describe('leftovers census', function () {
  this.timeout(20_000);

  it('sees a process left running in a sandbox, and no longer once the sandbox is cleaned up', async () => {
    const sandbox = await Sandbox.create();
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { cwd: sandbox.dir, stdio: 'ignore' });
    await once(child, 'spawn');
    assert.ok(child.pid !== undefined);
    try {
      assert.ok(processesInSandboxes().includes(child.pid), 'a process whose cwd is in a sandbox is found');
      assert.ok(processesOfThisRun().includes(child.pid), 'a process this run started is found');
    } finally {
      await sandbox.cleanup();
    }
    await waitFor(() => !processesInSandboxes().includes(child.pid ?? -1), 5_000, 'the census to forget the killed process');
    assert.ok(!isAlive(child.pid), 'cleanup killed it');
  });
});
