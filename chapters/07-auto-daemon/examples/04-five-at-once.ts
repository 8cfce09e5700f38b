/**
 * The original's known fault, fixed: five `counter add 1` processes started at
 * the same moment on a fresh socket. Several of them find no daemon and spawn
 * one; exactly one daemon wins the start lock, the others bow out, and all
 * five commands succeed against the winner. Then the same after a SIGKILL,
 * which leaves a stale socket file behind.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanUp, daemonsServing, readPid, runCounter, temporaryDirectory, waitForExit } from './counter/processes';

async function addOneFiveTimes(sockfile: string): Promise<void> {
  const runs = await Promise.all(Array.from({ length: 5 }, () => runCounter(['add', '1'], sockfile)));
  const failed = runs.filter((run) => run.code !== 0);
  const printed = runs.map((run) => Number(run.stdout)).sort((a, b) => a - b);
  console.log(`  exit codes: ${runs.map((run) => run.code).join(' ')}`);
  console.log(`  they printed: ${printed.join(', ')} (in some order)`);
  if (failed.length > 0) console.log(failed.map((run) => run.stderr).join(''));
  // The daemons that lost the start race said so and are exiting; give them a moment before counting.
  const deadline = Date.now() + 10_000;
  while (daemonsServing(sockfile).length > 1 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  console.log(`  daemons running for the socket: ${daemonsServing(sockfile).length}`);
}

async function main(): Promise<void> {
  const directory = temporaryDirectory();
  const sockfile = path.join(directory, 'counter.sock');
  try {
    console.log('five `counter add 1` at once, no daemon running:');
    await addOneFiveTimes(sockfile);

    const first = readPid(`${sockfile}.pid`) as number;
    process.kill(first, 'SIGKILL');
    await waitForExit(first);
    console.log(`the daemon was SIGKILLed; its socket file is still there: ${fs.lstatSync(sockfile).isSocket()}`);

    console.log('five `counter add 1` at once, stale socket file:');
    await addOneFiveTimes(sockfile);
    console.log(`a new daemon: ${readPid(`${sockfile}.pid`) !== first}`);

    await runCounter(['close'], sockfile);
  } finally {
    await cleanUp(directory, sockfile);
  }
}

void main();
