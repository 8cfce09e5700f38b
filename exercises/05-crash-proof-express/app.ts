/**
 * Exercise 05: a crash-proof Express app.
 *
 * Four routes below fail, each in its own way. Right now two of them take the
 * whole process down (and every other client's request with it), and the
 * other two answer with Express's default HTML error page. Make every failure
 * answer 500 with a small JSON body, {"error": "<the error's message>"}, and
 * keep the process running. The checker starts this app as a real process
 * (test/serve.ts) and sends it requests: see README.md.
 */
import express from 'express';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** The file the /boom/callback and /boom/stream routes want to send. It does not exist. */
export const MISSING_FILE = path.join(__dirname, 'no-such-file.txt');

/** Stands in for a database query: only 'ada' exists. Already written; leave it as it is. */
export async function findUser(name: string): Promise<{ name: string }> {
  await sleep(10);
  if (name !== 'ada') throw new Error(`no user named ${name}`);
  return { name };
}

export function createApp(): express.Express {
  const app = express();

  // These two work; leave them as they are.
  app.get('/', (_req, res) => {
    res.type('text/plain').send('hello\n');
  });
  app.get('/slow', async (_req, res) => {
    await sleep(500); // a slow page: it is still in progress when another route fails
    res.type('text/plain').send('slow hello\n');
  });

  // 1. A synchronous throw. Express catches this one by itself, but without an
  //    error-handling middleware of yours it answers with its own HTML page.
  app.get('/boom/sync', () => {
    throw new Error('sync boom');
  });

  // 2. A promise that rejects. `void` keeps the linter quiet, but nobody
  //    handles the rejection: Node ends the process.
  // TODO: let Express see the rejection (Express 5 handles a handler's returned promise).
  app.get('/boom/async', (_req, res) => {
    void findUser('nobody').then((user) => res.json(user));
  });

  // 3. An error in a callback. By the time readFile calls back, this handler
  //    has returned: a throw here is an uncaught exception.
  // TODO: hand the error to Express instead of throwing it.
  app.get('/boom/callback', (_req, res) => {
    fs.readFile(MISSING_FILE, 'utf8', (error, text) => {
      if (error) throw error;
      res.type('text/plain').send(text);
    });
  });

  // 4. An 'error' event that nobody listens to: Node throws it.
  // TODO: listen for the stream's 'error' and hand it to Express.
  app.get('/boom/stream', (_req, res) => {
    fs.createReadStream(MISSING_FILE).pipe(res);
  });

  // TODO: an error-handling middleware (four parameters) that answers
  // 500 with {"error": "<message>"} as JSON.

  return app;
}
