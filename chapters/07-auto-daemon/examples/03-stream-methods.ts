/**
 * A stream method: `watch` (listed as 'watch:s') returns a readable in the
 * daemon; the client gets a stream that carries what it produces. One client
 * watches while another one adds.
 */
import * as path from 'node:path';
import { autod } from '../../../naught-core/src/autod';
import type { CounterApi } from './counter/iface';
import { counterOptions } from './counter/options';
import { cleanUp, temporaryDirectory, waitForExit } from './counter/processes';

async function main(): Promise<void> {
  const directory = temporaryDirectory();
  const sockfile = path.join(directory, 'counter.sock');
  const options = counterOptions(sockfile, { autoclose: true, autocloseDelayMs: 500 });
  try {
    const watcher = await autod<CounterApi>(options);
    const adder = await autod<CounterApi>(options);
    console.log(`one daemon for both clients: ${watcher.daemonPid === adder.daemonPid}`);

    const counts = watcher.rpc.watch();
    // Wait until the daemon has opened the stream; the adds below must not come before it.
    await watcher.rpc.get();
    const seen: number[] = [];
    const received = (async () => {
      for await (const count of counts) {
        seen.push(count as number);
        if (seen.length === 3) break; // leaving the loop destroys the stream, here and in the daemon
      }
    })();
    for (const n of [1, 2, 3]) console.log(`adder: add(${n}) -> ${await adder.rpc.add(n)}`);
    await received;
    console.log(`watcher saw: ${seen.join(', ')}`);

    watcher.close();
    adder.close();
    await waitForExit(adder.daemonPid);
    console.log('both clients gone: the daemon has exited');
  } finally {
    await cleanUp(directory, sockfile);
  }
}

void main();
