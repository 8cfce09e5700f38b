/**
 * The seed's Express app, in TypeScript: a `/` route that always answers and
 * a `/read` route with a classic bug. `/read` opens a stream for a file that
 * does not exist and nobody listens for the stream's 'error' event, so the
 * error becomes an uncaught exception and takes the whole process down, with
 * every other client's requests. `/read-safe` is the same route with the bug
 * fixed: the error goes to Express's error-handling middleware, which answers
 * 500, and the process lives on.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const GREETING = 'Again I go unnoticed';

/**
 * How long `/` works before it answers: it stands for the database query a
 * real page makes. It means that, as on a real server, requests are in
 * flight at any moment, and a process that dies takes them with it.
 * `/?work=500` works 500 ms instead (up to 10 s): a slower page.
 */
export const WORK_MS = 50;

function workFor(query: unknown): number {
  const ms = Number(query);
  return Number.isInteger(ms) && ms >= 0 && ms <= 10_000 ? ms : WORK_MS;
}

/** The file `/read` wants to send. It does not exist: that is the point. */
export const MISSING_FILE = path.join(__dirname, 'my-self-esteem.txt');

export function createApp(): express.Express {
  const app = express();

  app.get('/', async (req, res) => {
    await sleep(workFor(req.query.work));
    res.type('text/plain').send(`${GREETING}\n`);
  });

  // The bug. createReadStream returns at once; the file is opened later, on
  // the thread pool. By the time the open fails, this handler has returned,
  // and the 'error' event has no listener: Node throws it as an uncaught
  // exception. No try/catch here, and nothing in Express, can catch it.
  app.get('/read', (_req, res) => {
    fs.createReadStream(MISSING_FILE).pipe(res);
  });

  // The fix: give the stream an 'error' listener that hands the error to
  // Express. (pipe() does not forward errors from the source; stream.pipeline
  // does, but it destroys the response with it, so no 500 could be sent.)
  app.get('/read-safe', (_req, res, next) => {
    fs.createReadStream(MISSING_FILE).once('error', next).pipe(res.type('text/plain'));
  });

  // Express's error-handling middleware (four arguments): it receives what a
  // route throws, a promise it returns that rejects (Express 5), and what a
  // route passes to next(error).
  app.use((error: Error, _req: Request, res: Response, next: NextFunction) => {
    console.error(`handled: ${error.message}`);
    if (res.headersSent) return next(error); // half a response is out: let Express cut the connection
    res.status(500).type('text/plain').send('Something went wrong, and only this request noticed.\n');
  });

  return app;
}
