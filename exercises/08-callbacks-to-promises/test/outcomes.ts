/**
 * Running the same call through the 2012 module (a callback) and through the
 * learner's port (a promise), and reducing both to comparable outcomes: the
 * value, or the error's message and code (plus exitCode and stdout when the
 * error has them). Stacks differ, and do not count.
 */
import * as path from 'node:path';
import type { Archive, Manifest } from '../deploy-tools';

export interface ErrorShape {
  isError: boolean;
  message: unknown;
  code: unknown;
  exitCode?: unknown;
  stdout?: unknown;
}

export type Outcome<T> = { resolved: T } | { rejected: ErrorShape };

type Callback<T> = (error: Error | null, value?: T) => void;

/** The 2012 module's interface, as its comments describe it. */
export interface LegacyDeployTools {
  readManifest(dir: string, callback: Callback<Manifest>): void;
  archive(file: string, callback: Callback<Archive>): void;
  run(command: string, args: readonly string[], callback: Callback<string>): void;
  waitForPort(port: number, timeoutMs: number, callback: Callback<void>): void;
}

export const LEGACY_FILE = path.join(__dirname, 'fixtures', 'deploy-tools-2012.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain CommonJS from 2012
export const legacy = require(LEGACY_FILE) as LegacyDeployTools;

export function errorShape(error: unknown): ErrorShape {
  const fields = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const shape: ErrorShape = { isError: error instanceof Error, message: fields.message, code: fields.code };
  if ('exitCode' in fields) shape.exitCode = fields.exitCode;
  if ('stdout' in fields) shape.stdout = fields.stdout;
  return shape;
}

/** Calls a 2012 function; resolves with its outcome once its callback has been called. */
export function legacyOutcome<T>(call: (callback: Callback<T>) => void): Promise<Outcome<T>> {
  return new Promise((resolve) => {
    call((error, value) => resolve(error ? { rejected: errorShape(error) } : { resolved: value as T }));
  });
}

/**
 * Calls a ported function, which must return a promise; resolves with its
 * outcome. A synchronous throw or an answer that is not a promise rejects,
 * with a message that says so.
 */
export async function portedOutcome<T>(call: () => Promise<T>): Promise<Outcome<T>> {
  let returned: unknown;
  try {
    returned = call();
  } catch (error) {
    throw new Error(`it threw at once instead of returning a promise that rejects: ${String(error)}`, { cause: error });
  }
  if (!(returned instanceof Promise)) throw new Error(`it should return a promise, but returned ${typeof returned === 'object' ? JSON.stringify(returned) : String(returned)}`);
  try {
    return { resolved: await (returned as Promise<T>) };
  } catch (error) {
    return { rejected: errorShape(error) };
  }
}

/** An outcome in words, for assertion messages. */
export function describeOutcome(outcome: Outcome<unknown>): string {
  return 'resolved' in outcome ? `resolves to ${JSON.stringify(outcome.resolved)}` : `rejects with ${JSON.stringify(outcome.rejected)}`;
}
