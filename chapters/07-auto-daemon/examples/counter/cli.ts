/**
 * The manual's counter as a command line tool:
 *
 *   npx tsx chapters/07-auto-daemon/examples/counter/cli.ts add 2    # 2
 *   npx tsx chapters/07-auto-daemon/examples/counter/cli.ts add 3    # 5
 *   npx tsx chapters/07-auto-daemon/examples/counter/cli.ts get      # 5
 *   npx tsx chapters/07-auto-daemon/examples/counter/cli.ts close    # ends the daemon
 *
 * `add` and `get` start the daemon when none runs; `close` only connects
 * (it would be silly to start a daemon in order to close it).
 */
import { autod, AutodNotRunningError } from '../../../../naught-core/src/autod';
import type { CounterApi } from './iface';
import { counterOptions } from './options';

const USAGE = 'usage: counter add <number> | counter get | counter close';

async function main(argv: string[]): Promise<number> {
  const [command, value, ...rest] = argv;
  const options = counterOptions();
  if (command === 'close' && value === undefined) {
    try {
      const client = await autod.connect<CounterApi>(options);
      await client.rpc.close();
    } catch (error) {
      if (!(error instanceof AutodNotRunningError)) throw error;
      console.log('no counter daemon is running');
    }
    return 0;
  }
  if ((command === 'add' && value !== undefined && Number.isFinite(Number(value)) && rest.length === 0) || (command === 'get' && value === undefined)) {
    const client = await autod<CounterApi>(options);
    console.log(command === 'add' ? await client.rpc.add(Number(value)) : await client.rpc.get());
    client.close();
    return 0;
  }
  console.error(USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(`counter: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
