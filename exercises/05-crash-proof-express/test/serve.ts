/**
 * Runs the app under test as its own process, as `node server.js` would in
 * production: `node --import tsx serve.ts <path of app.ts>`. It listens on a
 * free port of 127.0.0.1 and prints `listening on PORT` once it does. Nothing
 * here catches errors for the app: an uncaught exception ends this process.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

type AppModule = typeof import('../app');

const appFile = process.argv[2];
if (appFile === undefined) {
  console.error('usage: serve.ts <app.ts>');
  process.exit(2);
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the file is chosen at run time (learner's or solution)
const { createApp } = require(appFile) as AppModule;
const server = http.createServer(createApp());
server.listen(0, '127.0.0.1', () => {
  console.log(`listening on ${(server.address() as AddressInfo).port}`);
});
