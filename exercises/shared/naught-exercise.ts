/**
 * What the checks of exercises 09 and 10 share: a learner's server.js run by
 * the real `naught` command in a temporary directory (naught-core's test
 * Sandbox, which cleans up every process by PID), and a look at which names
 * the file uses.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { NAUGHT_BIN, runNaught, type RunResult, type Sandbox } from '../../naught-core/test/helpers/naught';
import { REPO_ROOT } from './subject';


/** The environment of the naught commands, hence of the workers: the port, and where `require('naught-core')` and `require('express')` resolve from a temporary directory. */
export function naughtEnv(port: number): NodeJS.ProcessEnv {
  return { PORT: String(port), NODE_PATH: path.join(REPO_ROOT, 'node_modules'), NODE_OPTIONS: '' };
}

export function assertNaughtBuilt(): void {
  assert.ok(fs.existsSync(NAUGHT_BIN), `${NAUGHT_BIN} is missing: run \`make build\` first`);
}

/** Copies the file under test into the sandbox as server.js. */
export function installServer(sandbox: Sandbox, serverFile: string): void {
  fs.copyFileSync(serverFile, sandbox.path('server.js'));
}

/**
 * The forbidden names the file's code uses, as identifiers or strings
 * (`naught.handleShutdown(...)`, `const { drainServer } = ...`,
 * `naught['trackConnections']`). Comments do not count.
 */
export function forbiddenNamesUsed(file: string, forbidden: readonly string[]): string[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, /* skipTrivia */ true, ts.LanguageVariant.Standard, fs.readFileSync(file, 'utf8'));
  const found = new Set<string>();
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
    const isName = token === ts.SyntaxKind.Identifier;
    const isString = token === ts.SyntaxKind.StringLiteral || token === ts.SyntaxKind.NoSubstitutionTemplateLiteral;
    if (!isName && !isString) continue;
    const text = isName ? scanner.getTokenText() : scanner.getTokenValue();
    if (forbidden.includes(text)) found.add(text);
  }
  return [...found];
}

/**
 * `naught start --worker-count N server.js` in the sandbox, given `timeoutMs`
 * to finish. A server that never says 'online' keeps `naught start` waiting
 * for ever: that is reported here in the learner's terms.
 */
export async function startNaught(sandbox: Sandbox, env: NodeJS.ProcessEnv, workers: number, timeoutMs: number): Promise<RunResult> {
  let result: RunResult;
  try {
    result = await runNaught(['start', '--worker-count', String(workers), 'server.js'], { cwd: sandbox.dir, env, timeoutMs });
  } catch {
    // runNaught killed the command; its daemon and workers run on, and the sandbox's cleanup ends them by PID.
    throw new Error(
      `naught start did not see the server come online within ${timeoutMs / 1000} s: did you tell naught you are online?\n` +
        `naught.log:\n${readIfExists(sandbox.path('naught.log'))}stderr.log:\n${readIfExists(sandbox.path('stderr.log'))}`,
    );
  } finally {
    sandbox.rememberDaemon(sandbox.path('naught.pid'));
  }
  assert.equal(
    result.code,
    0,
    `naught start failed (exit code ${result.code}):\n${result.stdout}${result.stderr}stderr.log:\n${readIfExists(sandbox.path('stderr.log'))}`,
  );
  assert.equal(result.stdout, `workers online: ${workers}\n`);
  return result;
}

/** Stops a naught left running by a failed check (with a timeout, so that it always ends). */
export async function stopQuietly(sandbox: Sandbox): Promise<void> {
  if (!fs.existsSync(sandbox.path('naught.ipc'))) return;
  await runNaught(['stop', '--timeout', '2'], { cwd: sandbox.dir, timeoutMs: 15_000 }).catch(() => undefined);
}

export function readIfExists(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '(none)\n';
  }
}
