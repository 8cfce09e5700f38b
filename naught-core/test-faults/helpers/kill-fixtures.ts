/**
 * The fault suite's fixtures (test-faults/fixtures/fa-*.js): copying one into
 * a sandbox, its environment, and the holds that keep fa-hold.js inside a
 * phase (boot, shutdown) long enough for a fault to land there.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { waitFor, type Sandbox } from '../../test/helpers/naught';
import { NAUGHT_CORE_LIB } from '../../test/helpers/fixes-helpers';

export const FAULT_FIXTURES = path.resolve(__dirname, '..', 'fixtures');

/** The environment every fault fixture needs: its port and the worker library. */
export function fixtureEnv(port: number, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PORT: String(port), NAUGHT_CORE_LIB, ...extra };
}

/** Copies test-faults/fixtures/NAME into the sandbox (as `server.js` unless told otherwise). */
export function useFaultFixture(sandbox: Sandbox, name: string, as = 'server.js'): string {
  const target = sandbox.path(as);
  fs.copyFileSync(path.join(FAULT_FIXTURES, name), target);
  return target;
}

export interface Holds {
  /** fa-hold.js waits this long before it listens and says 'online'. */
  onlineMs?: number;
  /** fa-hold.js waits this long after its drain before it exits. */
  shutdownMs?: number;
  /** fa-hold.js listens but never says 'online'. */
  forgetOnline?: boolean;
}

/** Sets the holds fa-hold.js reads (at start for onlineMs and forgetOnline, at 'shutdown' for shutdownMs). */
export function setHolds(sandbox: Sandbox, holds: Holds): void {
  fs.writeFileSync(sandbox.path('hold.json'), `${JSON.stringify(holds)}\n`);
}

/** Waits until fa-hold.js worker `pid` says (in stdout.log) that it has drained and is holding before its exit. */
export async function waitForDrained(sandbox: Sandbox, pid: number, timeoutMs = 20_000): Promise<void> {
  const line = `worker ${pid} drained; holding `;
  await waitFor(() => sandbox.exists('stdout.log') && sandbox.read('stdout.log').includes(line), timeoutMs, `worker ${pid} to finish its drain`);
}
