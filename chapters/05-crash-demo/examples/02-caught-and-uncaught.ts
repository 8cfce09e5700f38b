/**
 * Why nothing in the route can catch the seed's error, and what can.
 *   1. try/catch around createReadStream catches nothing: the file is opened
 *      later, and the failure arrives as an 'error' event once the handler
 *      has long returned. With no 'error' listener, Node throws it as an
 *      uncaught exception (observed here with process.on('uncaughtException')
 *      so that this program survives to tell the story).
 *   2. With an 'error' listener, it is an ordinary event.
 *   3. In the app, /read-safe passes the error to Express's error-handling
 *      middleware: a 500 for that request, and the process lives on.
 */
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { createApp, MISSING_FILE } from '../app/app';
import { get } from '../demo/processes';

function nextTurns(): Promise<void> {
  // The open happens on libuv's thread pool; give the event loop a few turns to report it.
  return new Promise((resolve) => setTimeout(resolve, 50));
}

async function tryCatch(): Promise<void> {
  console.log('== 1. try/catch around fs.createReadStream(missing file), no error listener');
  const seen: string[] = [];
  const onUncaught = (error: Error): void => {
    seen.push(`uncaughtException: ${error.message.replace(MISSING_FILE, 'my-self-esteem.txt')}`);
  };
  process.on('uncaughtException', onUncaught);
  try {
    fs.createReadStream(MISSING_FILE);
    seen.push('createReadStream returned a stream; the try block ends, nothing was thrown');
  } catch (error) {
    seen.push(`caught: ${(error as Error).message}`); // never printed
  }
  seen.push('the route handler would have returned by now');
  await nextTurns();
  process.off('uncaughtException', onUncaught);
  for (const line of seen) console.log(line);
}

async function withListener(): Promise<void> {
  console.log('\n== 2. the same stream with an error listener');
  const stream = fs.createReadStream(MISSING_FILE);
  stream.on('error', (error: NodeJS.ErrnoException) => console.log(`'error' listener called with ${error.code}; no uncaught exception, the process goes on`));
  await nextTurns();
}

async function inExpress(): Promise<void> {
  console.log('\n== 3. the app: /read-safe sends the error to the error-handling middleware');
  const server = createApp().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  try {
    for (const urlPath of ['/read-safe', '/']) {
      const result = await get(port, urlPath);
      console.log(`GET ${urlPath.padEnd(10)} -> ${result.status} ${result.body.trim()}`);
    }
  } finally {
    server.close();
  }
}

export async function main(): Promise<void> {
  await tryCatch();
  await withListener();
  await inExpress();
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
