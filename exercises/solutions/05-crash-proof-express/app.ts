/**
 * Exercise 05, reference solution: every failure reaches the error-handling
 * middleware, which answers 500 with {"error": message}; nothing becomes an
 * uncaught exception, so the process (and every other client's request)
 * survives.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** The file the /boom/callback and /boom/stream routes want to send. It does not exist. */
export const MISSING_FILE = path.join(__dirname, 'no-such-file.txt');

/** Stands in for a database query: only 'ada' exists. */
export async function findUser(name: string): Promise<{ name: string }> {
  await sleep(10);
  if (name !== 'ada') throw new Error(`no user named ${name}`);
  return { name };
}

export function createApp(): express.Express {
  const app = express();

  app.get('/', (_req, res) => {
    res.type('text/plain').send('hello\n');
  });
  app.get('/slow', async (_req, res) => {
    await sleep(500);
    res.type('text/plain').send('slow hello\n');
  });

  // 1. Express catches a synchronous throw and calls the error middleware.
  app.get('/boom/sync', () => {
    throw new Error('sync boom');
  });

  // 2. Return the promise (an async handler does): Express 5 passes its
  //    rejection to the error middleware. Express 4 did not; there you had
  //    to catch and call next(error) yourself.
  app.get('/boom/async', async (_req, res) => {
    res.json(await findUser('nobody'));
  });

  // 3. In a callback, nothing is on the stack to catch a throw: pass the
  //    error to next() instead.
  app.get('/boom/callback', (_req, res, next) => {
    fs.readFile(MISSING_FILE, 'utf8', (error, text) => {
      if (error) return next(error);
      res.type('text/plain').send(text);
    });
  });

  // 4. An 'error' listener turns the event into an ordinary value. pipe()
  //    does not forward the source's errors; stream.pipeline would, but it
  //    also destroys the response, and then no 500 could be sent.
  app.get('/boom/stream', (_req, res, next) => {
    fs.createReadStream(MISSING_FILE).once('error', next).pipe(res);
  });

  // Four parameters make it an error-handling middleware. Only the message
  // goes to the client: a stack trace tells an attacker about your code.
  app.use((error: Error, _req: Request, res: Response, next: NextFunction) => {
    console.error(`handled: ${error.message}`);
    // Half an answer already went out: let Express cut the connection.
    if (res.headersSent) return next(error);
    res.status(500).json({ error: error.message });
  });

  return app;
}
