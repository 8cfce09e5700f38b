/**
 * One bad route takes the whole server down. Compiles the app, runs it with
 * plain `node dist/server.js` (as the seed did, nothing around it), and:
 *   1. GET / answers;
 *   2. three requests for a slow page (/?work=500) are sent, and while they
 *      are being worked on, GET /read crashes the process;
 *   3. those requests die with it, and every later request is refused.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { buildApp, CHAPTER_DIR, DIST_DIR, SERVER_JS } from '../demo/build';
import { freePort, get, sendInFlight, waitUntilServing, type GetResult } from '../demo/processes';

function show(result: GetResult): string {
  if (result.error !== null) return `no answer: ${result.error}`;
  return `${result.status} ${result.body.trim()}`;
}

export async function main(): Promise<void> {
  buildApp();
  const port = await freePort();
  console.log(`$ node ${path.relative(CHAPTER_DIR, SERVER_JS)}`);
  const server = spawn(process.execPath, [SERVER_JS], {
    env: { ...process.env, PORT: String(port), NODE_OPTIONS: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  server.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
  try {
    await waitUntilServing(port, 10_000);
    console.log(`GET /      -> ${show(await get(port, '/'))}`);

    // Three other clients' requests for a slower page (500 ms), still in progress when /read arrives.
    const others = (await sendInFlight(port, '/?work=500', 3)).results; // resolves once all three are sent
    console.log(`GET /read  -> ${show(await get(port, '/read'))}`);
    for (const [i, other] of others.entries()) console.log(`   other client ${i + 1}, GET /?work=500 sent just before -> ${show(await other)}`);
    console.log(`GET /      -> ${show(await get(port, '/'))}`);

    console.log(`the server exited with code ${await exited}. What it printed on stderr:`);
    const shown = stderr
      .split('\n')
      .filter((line) => /^(Error|Emitted)/.test(line.trim()))
      .map((line) => line.replaceAll(DIST_DIR, 'dist'));
    for (const line of shown) console.log(`  ${line}`);
  } finally {
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
    await exited;
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
