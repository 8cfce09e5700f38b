// @ts-check
'use strict';
/**
 * The worker thread behind then/posix.ts. It runs each file operation (with
 * the synchronous fs calls: this thread has nothing else to do), posts the
 * outcome on the request's own MessagePort, then flips the request's shared
 * flag and wakes the main thread in case it is blocked in wait().
 *
 * Plain JavaScript, started with no TypeScript loader (execArgv: []), so the
 * worker depends on nothing the main thread would have to serve while it is blocked.
 */
const fs = require('node:fs');
const { parentPort } = require('node:worker_threads');

/** @param {fs.Stats} stats */
function plainStats(stats) {
  const { dev, ino, mode, nlink, uid, gid, rdev, size, blksize, blocks, atimeMs, mtimeMs, ctimeMs } = stats;
  return { dev, ino, mode, nlink, uid, gid, rdev, size, blksize, blocks, atimeMs, mtimeMs, ctimeMs };
}

/** @type {Record<string, (...args: any[]) => unknown[]>} */
const operations = {
  rename(from, to) {
    fs.renameSync(from, to);
    return [];
  },
  stat: (path) => [plainStats(fs.statSync(path))],
  unlink(path) {
    fs.unlinkSync(path);
    return [];
  },
  rmdir(path) {
    fs.rmdirSync(path);
    return [];
  },
  mkdir(path, mode) {
    fs.mkdirSync(path, mode);
    return [];
  },
  readdir: (path) => [fs.readdirSync(path)],
  open: (path, flags, mode) => [fs.openSync(path, flags, mode)],
  close(fd) {
    fs.closeSync(fd);
    return [];
  },
  write: (fd, data, position, encoding) => [fs.writeSync(fd, data, position, encoding)],
  read: (fd, length, position, encoding) => {
    const buffer = Buffer.alloc(length);
    const bytesRead = fs.readSync(fd, buffer, 0, length, position);
    return [buffer.toString(encoding, 0, bytesRead), bytesRead];
  },
  cat: (path, encoding) => [fs.readFileSync(path, encoding)],
};

if (parentPort === null) throw new Error('posix-worker.js runs as a worker thread');

parentPort.on('message', ({ operation, args, port, flag }) => {
  let outcome;
  try {
    const run = operations[operation];
    if (run === undefined) throw new Error(`posix shim: no operation ${operation}`);
    outcome = { kind: 'success', values: run(...args) };
  } catch (error) {
    const { message, code } = /** @type {NodeJS.ErrnoException} */ (error);
    outcome = { kind: 'error', values: [{ message, code }] };
  }
  port.postMessage(outcome); // first the message...
  port.close();
  Atomics.store(flag, 0, 1); // ...then the flag, so a woken main thread finds the message already queued
  Atomics.notify(flag, 0);
});
