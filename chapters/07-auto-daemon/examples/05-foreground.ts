/**
 * The same interface served in the foreground, by this process: listen()
 * instead of a spawned daemon. The command line tool finds a server
 * answering on the socket and never spawns one. Handy to debug an interface
 * (breakpoints, console.log in your terminal) or to run the service under a
 * supervisor such as systemd.
 */
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { autod } from '../../../naught-core/src/autod';
import createCounter, { type CounterApi } from './counter/iface';
import { cleanUp, daemonsServing, readPid, runCounter, temporaryDirectory } from './counter/processes';

async function main(): Promise<void> {
  const directory = temporaryDirectory();
  const sockfile = path.join(directory, 'counter.sock');
  try {
    const server = autod.listen(createCounter, { sockfile });
    await once(server, 'ready');
    console.log(`listening on counter.sock; the pid file names this process: ${readPid(`${sockfile}.pid`) === process.pid}`);

    for (const args of [['add', '2'], ['add', '3']]) {
      const run = await runCounter(args, sockfile);
      console.log(`$ counter ${args.join(' ')}`);
      process.stdout.write(run.stdout);
    }
    console.log(`daemons the commands spawned: ${daemonsServing(sockfile).length}`);

    const client = await autod.connect<CounterApi>({ sockfile, methods: ['get'] });
    console.log(`get() from this process: ${await client.rpc.get()}; references held: ${server.refs}`);
    client.close();

    await server.close();
    console.log(`closed; socket and pid file removed: ${!fs.existsSync(sockfile) && !fs.existsSync(`${sockfile}.pid`)}`);
  } finally {
    await cleanUp(directory, sockfile);
  }
}

void main();
