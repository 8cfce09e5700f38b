/**
 * The counter from code: the promise form, the callback form, an error that
 * happened in the daemon, and autoclose (the daemon ends by itself once its
 * last client has disconnected).
 */
import * as path from 'node:path';
import { autod, AutodRemoteError } from '../../../naught-core/src/autod';
import type { CounterApi } from './counter/iface';
import { counterOptions } from './counter/options';
import { cleanUp, isRunning, temporaryDirectory, waitForExit } from './counter/processes';

async function main(): Promise<void> {
  const directory = temporaryDirectory();
  const sockfile = path.join(directory, 'counter.sock');
  try {
    const start = autod<CounterApi>(counterOptions(sockfile, { autoclose: true, autocloseDelayMs: 500 }));
    start.on('process', () => console.log("'process' event: a daemon was spawned"));
    const client = await start;

    // Promise form: no callback, so the call returns a promise.
    console.log(`promise form:  add(2) -> ${await client.rpc.add(2)}`);

    // Callback form: a Node-style callback as the last argument.
    const three = await new Promise<number>((resolve, reject) => {
      client.rpc.add(3, (error, count) => (error ? reject(error) : resolve(count)));
    });
    console.log(`callback form: add(3) -> ${three}`);
    console.log(`promise form:  get()  -> ${await client.rpc.get()}`);

    // Arguments travel as JSON, where NaN becomes null: add() throws in the daemon,
    // and the client gets a typed error that carries the daemon's error name and message.
    try {
      await client.rpc.add(Number('not a number'));
    } catch (error) {
      if (!(error instanceof AutodRemoteError)) throw error;
      console.log(`error from the daemon: ${error.remoteName}: ${error.remoteMessage}`);
    }

    const daemon = client.daemonPid;
    client.close();
    await waitForExit(daemon);
    console.log(`last client gone: the daemon has exited (autoclose): ${!isRunning(daemon)}`);
  } finally {
    await cleanUp(directory, sockfile);
  }
}

void main();
