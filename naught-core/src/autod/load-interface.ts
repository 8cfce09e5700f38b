/**
 * Loads the rpc interface module in the daemon. It must export the factory
 * as `module.exports` or as `export default` (TypeScript or ES module
 * output); an ES module file is imported when require() refuses it.
 */
import { pathToFileURL } from 'node:url';
import { AutodStartError } from './errors';
import type { CreateInterface } from './types';

export async function loadInterface(rpcfile: string, sockfile: string): Promise<CreateInterface> {
  let exported: unknown;
  try {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module is named at run time
      exported = require(rpcfile);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ERR_REQUIRE_ESM') throw error;
      exported = await import(pathToFileURL(rpcfile).href);
    }
  } catch (error) {
    throw new AutodStartError('interface-failed', sockfile, `cannot load the rpc interface ${rpcfile}: ${(error as Error).message ?? String(error)}`, { cause: error });
  }
  const factory = typeof exported === 'function' ? exported : (exported as { default?: unknown } | null)?.default;
  if (typeof factory !== 'function') {
    throw new AutodStartError('interface-failed', sockfile, `the rpc interface ${rpcfile} must export a function (module.exports = or export default), not ${typeof factory}`);
  }
  return factory as CreateInterface;
}
