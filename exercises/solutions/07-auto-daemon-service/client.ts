/**
 * Exercise 07, reference solution: `kv`, the store's command line client.
 *
 *   kv set <key> <value>   prints how many keys the store holds
 *   kv get <key>           prints the value (exit 1 when there is none)
 *   kv info                prints {"pid":...,"keys":...,"clients":...}
 *   kv stop                ends the daemon, if one runs
 *
 * The first command spawns the daemon; the next ones find it on the socket.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { autod, AutodNotRunningError, type AutodOptions } from 'naught-core';
import type { StoreApi } from './service';

const USAGE = 'usage: kv set <key> <value> | kv get <key> | kv info | kv stop';

/** $KV_SOCKFILE, else one socket per user in $XDG_RUNTIME_DIR or the temporary directory. */
const SOCKFILE = process.env.KV_SOCKFILE ?? path.join(process.env.XDG_RUNTIME_DIR ?? os.tmpdir(), `kv-${os.userInfo().uid}.sock`);
/** How long the daemon stays once its last client has gone. */
const IDLE_MS = Number(process.env.KV_IDLE_MS ?? 60_000);

function storeOptions(): AutodOptions<StoreApi> {
  return {
    rpcfile: path.join(__dirname, 'service.ts'),
    sockfile: SOCKFILE,
    methods: ['set', 'get', 'info', 'stop'],
    autoclose: true,
    autocloseDelayMs: IDLE_MS,
    // The daemon inherits this process's node options (--import tsx, to load
    // service.ts); from this folder, it finds tsx in the repository's node_modules.
    cwd: __dirname,
  };
}

async function main([command, ...args]: string[]): Promise<number> {
  if (command === 'stop' && args.length === 0) {
    // connect() never spawns: starting a daemon only to stop it would be silly.
    try {
      const client = await autod.connect<StoreApi>(storeOptions());
      await client.rpc.stop();
    } catch (error) {
      if (!(error instanceof AutodNotRunningError)) throw error;
      console.log('no kv daemon is running');
    }
    return 0;
  }
  const valid = (command === 'set' && args.length === 2) || (command === 'get' && args.length === 1) || (command === 'info' && args.length === 0);
  if (!valid) {
    console.error(USAGE);
    return 2;
  }
  const client = await autod<StoreApi>(storeOptions());
  try {
    if (command === 'set') {
      console.log(await client.rpc.set(args[0] as string, args[1] as string));
    } else if (command === 'get') {
      const value = await client.rpc.get(args[0] as string);
      if (value === null) {
        console.error(`kv: no value for ${args[0]}`);
        return 1;
      }
      console.log(value);
    } else {
      console.log(JSON.stringify(await client.rpc.info()));
    }
    return 0;
  } finally {
    // The open connection would keep this process alive (and hold a reference in the daemon).
    client.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(`kv: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
