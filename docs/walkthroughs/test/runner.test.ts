/**
 * The runner itself: it fails a block whose output or exit code is not what
 * the text says, and it leaves nothing running.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseSession, runBlockInCopy } from '../../../chapters/shared/walkthrough';
import { isAlive } from '../../../naught-core/bench/processes';
import { WALKTHROUGHS_DIR } from './blocks';

const MYAPP = path.join(WALKTHROUGHS_DIR, 'myapp');


describe('docs/walkthroughs runner: failing blocks and cleanup', function () {
  it('fails a block whose output is not the text, naming the command', async function () {
    const steps = parseSession('$ echo one\none\n$ echo two\nthree');
    await assert.rejects(runBlockInCopy(steps, MYAPP, 'sample'), /`\$ echo two` printed something else/);
  });

  it('fails a command that exits non-zero unless `echo $?` shows the code next', async function () {
    await assert.rejects(runBlockInCopy(parseSession('$ false\n$ true'), MYAPP, 'sample'), /`\$ false` exited with 1/);
    const results = await runBlockInCopy(parseSession('$ false\n$ echo $?\n1'), MYAPP, 'sample');
    assert.deepEqual(results.map((result) => result.exitCode), [1, 0]);
  });

  it('runs a block in one shell, with 8080 read as its free port and /tmp/myapp as its directory', async function () {
    const results = await runBlockInCopy(parseSession('$ here=$PWD; port=8080\n$ echo "$here $port $PORT"\n/tmp/myapp 8080 8080'), MYAPP, 'sample');
    const [here, port, envPort] = (results[1]?.output ?? '').trim().split(' ');
    assert.notEqual(here, '/tmp/myapp');
    assert.equal(port, envPort);
    assert.notEqual(port, '8080');
  });

  it('ends what a block left running: a naught server, and a process that left the directory', async function () {
    const pidFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'walkthrough-runner-')), 'pids');
    try {
      const block = [
        '$ naught start --worker-count 2 server.js 2> /dev/null',
        'workers online: 2',
        `$ (cd / && exec sleep 300) > /dev/null 2>&1 & echo "$! $(cat naught.pid)" > ${pidFile}`,
      ].join('\n');
      await runBlockInCopy(parseSession(block), MYAPP, 'sample');
      const pids = fs.readFileSync(pidFile, 'utf8').trim().split(' ').map(Number);
      assert.equal(pids.length, 2);
      for (const pid of pids) assert.ok(pid > 0 && !isAlive(pid), `process ${pid} is still running`);
    } finally {
      fs.rmSync(path.dirname(pidFile), { recursive: true, force: true });
    }
  });
});
