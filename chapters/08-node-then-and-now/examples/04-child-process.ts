/**
 * process.createChildProcess and sys.exec (2009); child_process.spawn and
 * exec (today): read a child's output, write to its stdin, buffer a
 * command's output, an exit code, a kill.
 */
import { exec, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { text } from 'node:stream/consumers';
import { promisify } from 'node:util';
import { section } from '../lib/sections';
import { process } from '../then/process'; // in this file, `process` is the 2009 shim's
import * as sys from '../then/sys';

const execAsync = promisify(exec);

// ---- 2009 ------------------------------------------------------------------
function then2009(dir: string, done: () => void): void {
  const ls = process.createChildProcess('ls', ['-1', dir]);
  ls.addListener('output', function (data: string | null) {
    if (data !== null) sys.print(data); // null: the child closed its stdout
  });
  ls.addListener('exit', function (code: number) {
    sys.puts('ls exited with ' + code);

    const cat = process.createChildProcess('cat');
    let echoed = '';
    cat.addListener('output', function (data: string | null) {
      if (data !== null) echoed += data;
    });
    cat.addListener('exit', function (code: number) {
      sys.puts('cat echoed ' + JSON.stringify(echoed) + ', exit ' + code);

      sys.exec('echo out; echo err >&2').addCallback(function (stdout, stderr) {
        sys.puts('exec: stdout ' + JSON.stringify(stdout) + ', stderr ' + JSON.stringify(stderr));

        sys.exec('exit 3').addErrback(function (code) {
          sys.puts('exec failed with exit code ' + code);

          const sleeper = process.createChildProcess('sleep', ['10']);
          sleeper.addListener('exit', function (code: number) {
            sys.puts('sleep killed: exit ' + code);
            done();
          });
          sleeper.kill(); // SIGTERM
        });
      });
    });
    cat.write('hello from stdin\n');
    cat.close(); // closes the child's stdin: cat sees the end of its input and exits
  });
}

// ---- today -----------------------------------------------------------------
async function now(dir: string): Promise<void> {
  const ls = spawn('ls', ['-1', dir]);
  ls.stdout.pipe(globalThis.process.stdout, { end: false });
  const [lsCode] = (await once(ls, 'close')) as [number];
  console.log(`ls exited with ${lsCode}`);

  const cat = spawn('cat');
  cat.stdin.end('hello from stdin\n');
  const echoed = await text(cat.stdout);
  const [catCode] = (await once(cat, 'close')) as [number];
  console.log(`cat echoed ${JSON.stringify(echoed)}, exit ${catCode}`);

  const { stdout, stderr } = await execAsync('echo out; echo err >&2');
  console.log(`exec: stdout ${JSON.stringify(stdout)}, stderr ${JSON.stringify(stderr)}`);

  try {
    await execAsync('exit 3');
  } catch (error) {
    console.log(`exec failed with exit code ${(error as { code: number }).code}`);
  }

  const sleeper = spawn('sleep', ['10']);
  sleeper.kill(); // SIGTERM
  const [code, signal] = (await once(sleeper, 'close')) as [number | null, NodeJS.Signals];
  // today a signal is reported apart from the exit code (code is null); a shell would say 128 + 15
  console.log(`sleep killed: exit ${code ?? 128 + os.constants.signals[signal]}`);
}

void (async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ch08-child-'));
  writeFileSync(path.join(dir, 'a.txt'), 'a\n');
  writeFileSync(path.join(dir, 'b.txt'), 'b\n');
  try {
    section('then', 'process.createChildProcess, sys.exec (then/process.ts, then/sys.ts)');
    await new Promise<void>((resolve) => then2009(dir, resolve));
    section('now', 'child_process.spawn, child_process.exec');
    await now(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
})();
