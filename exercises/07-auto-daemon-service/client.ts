/**
 * Exercise 07: `kv`, the store's command line client (see README.md).
 *
 *   kv set <key> <value>   prints how many keys the store holds
 *   kv get <key>           prints the value (exit 1 when there is none)
 *   kv info                prints {"pid":...,"keys":...,"clients":...}
 *   kv stop                ends the daemon, if one runs
 *
 * Run it with `npx tsx exercises/07-auto-daemon-service/client.ts set a 1`.
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
  // TODO: the options of the auto-daemon: which module it loads (service.ts,
  // next to this file), its socket (SOCKFILE), the methods to expose, autoclose
  // after IDLE_MS, and the directory it runs in.
  throw new Error(`TODO: the auto-daemon's options (socket ${SOCKFILE}, idle ${IDLE_MS} ms)`);
}

async function main([command, ...args]: string[]): Promise<number> {
  if (command === 'stop' && args.length === 0) {
    // connect() never spawns a daemon: starting one only to stop it would be silly.
    try {
      const client = await autod.connect<StoreApi>(storeOptions());
      // TODO: ask the daemon to stop (client.rpc...), and wait for its answer.
      client.close();
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
  // autod() connects to the daemon on the socket, and spawns it first if none answers.
  const client = await autod<StoreApi>(storeOptions());
  try {
    // TODO: set: print the number of keys. get: print the value, or print
    // "kv: no value for KEY" on stderr and return 1. info: print it as JSON.
    throw new Error(`TODO: kv ${command}`);
  } finally {
    // An open connection keeps this process alive (and holds a reference in the daemon).
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
