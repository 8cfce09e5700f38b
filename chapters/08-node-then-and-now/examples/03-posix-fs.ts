/**
 * The posix module (2009) and fs/promises (today): open, write, close,
 * rename, stat, readdir, read a whole file, unlink, rmdir, and an error.
 */
import * as fs from 'node:fs/promises';
import { mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { section } from '../lib/sections';
import * as posix from '../then/posix';
import { process } from '../then/process'; // in this file, `process` is the 2009 shim's (globalThis.process is today's)
import * as sys from '../then/sys';

const TEXT = 'Hello Wörld\n'; // 12 characters, 13 bytes in UTF-8

function hexOfBinaryString(binary: string): string {
  return Array.from(binary, (char) => char.charCodeAt(0).toString(16).padStart(2, '0')).join('');
}

// ---- 2009: every call returns an events.Promise; chain them, or wait() ----
function then2009(dir: string, done: () => void): void {
  posix.open(dir + '/hello', process.O_WRONLY | process.O_CREAT | process.O_TRUNC, 0o644).addCallback(function (fd) {
    posix.write(fd, TEXT).addCallback(function (written) {
      sys.puts('wrote ' + written + ' bytes');
      posix.close(fd).addCallback(function () {
        // rename, THEN stat: chained, because nothing orders two calls made side by side
        posix.rename(dir + '/hello', dir + '/world').addCallback(function () {
          posix.stat(dir + '/world').addCallback(function (stats) {
            sys.puts('stat: a file? ' + stats.isFile() + ', ' + stats.size + ' bytes');

            // the same kind of work with wait(): each call blocks until the worker thread is done
            posix.rename(dir + '/world', dir + '/again').wait();
            sys.puts('readdir: ' + JSON.stringify(posix.readdir(dir).wait()));
            sys.print('cat: ' + posix.cat(dir + '/again').wait());
            sys.puts('bytes: ' + hexOfBinaryString(posix.cat(dir + '/again', 'binary').wait()));
            posix.unlink(dir + '/again').wait();
            posix.rmdir(dir).wait();
            sys.puts('removed the file and the directory');

            posix.stat(dir).addErrback(function (error) {
              sys.puts('stat after rmdir: ' + error.code);
              done();
            });
          });
        });
      });
    });
  });
}

// ---- today: fs/promises and await ------------------------------------------
async function now(dir: string): Promise<void> {
  const file = await fs.open(path.join(dir, 'hello'), 'w', 0o644);
  const { bytesWritten } = await file.write(TEXT);
  console.log(`wrote ${bytesWritten} bytes`);
  await file.close();

  await fs.rename(path.join(dir, 'hello'), path.join(dir, 'world'));
  const stats = await fs.stat(path.join(dir, 'world'));
  console.log(`stat: a file? ${stats.isFile()}, ${stats.size} bytes`);

  await fs.rename(path.join(dir, 'world'), path.join(dir, 'again'));
  console.log(`readdir: ${JSON.stringify(await fs.readdir(dir))}`);
  globalThis.process.stdout.write(`cat: ${await fs.readFile(path.join(dir, 'again'), 'utf8')}`);
  const bytes: Buffer = await fs.readFile(path.join(dir, 'again')); // no encoding: a Buffer
  console.log(`bytes: ${bytes.toString('hex')}`);
  await fs.unlink(path.join(dir, 'again'));
  await fs.rmdir(dir);
  console.log('removed the file and the directory');

  try {
    await fs.stat(dir);
  } catch (error) {
    console.log(`stat after rmdir: ${(error as NodeJS.ErrnoException).code}`);
  }
}

void (async () => {
  section('then', 'posix.open/write/close/rename/stat/readdir/cat/unlink/rmdir (then/posix.ts)');
  await new Promise<void>((resolve) => then2009(mkdtempSync(path.join(os.tmpdir(), 'ch08-posix-')), resolve));
  section('now', 'fs/promises with await');
  await now(mkdtempSync(path.join(os.tmpdir(), 'ch08-fs-')));
})();
