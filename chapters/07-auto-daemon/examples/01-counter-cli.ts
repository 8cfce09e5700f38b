/**
 * The manual's session, run for real: each `counter` command is its own
 * process, and the count lives in the daemon the first one started.
 */
import * as path from 'node:path';
import { cleanUp, readPid, runCounter, temporaryDirectory, waitForExit } from './counter/processes';

async function main(): Promise<void> {
  const directory = temporaryDirectory();
  const sockfile = path.join(directory, 'counter.sock');
  const servedBy: string[] = [];
  const names = new Map<number, string>();
  try {
    for (const args of [['add', '2'], ['add', '3'], ['add', '4'], ['close'], ['add', '5'], ['close']]) {
      const daemon = readPid(`${sockfile}.pid`);
      const run = await runCounter(args, sockfile);
      console.log(`$ counter ${args.join(' ')}`);
      process.stdout.write(run.stdout);
      if (run.code !== 0) throw new Error(`counter ${args.join(' ')} failed: ${run.stderr}`);
      if (args[0] === 'close') {
        if (daemon !== null) await waitForExit(daemon);
        continue;
      }
      const pid = readPid(`${sockfile}.pid`) as number;
      if (!names.has(pid)) names.set(pid, String.fromCharCode(65 + names.size)); // A, B, ...
      servedBy.push(`${args.join(' ')}: daemon ${names.get(pid)}`);
    }
    console.log(`served by: ${servedBy.join(', ')}`);
  } finally {
    await cleanUp(directory, sockfile);
  }
}

void main();
