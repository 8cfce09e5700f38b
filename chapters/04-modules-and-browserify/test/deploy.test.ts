import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runWalkthrough } from '../../shared/walkthrough';
import { chromiumInstalled, readPage } from '../lib/browser';
import { CHAPTER_DIR, REPO_ROOT } from '../lib/paths';

const DEPLOY_DIR = path.join(CHAPTER_DIR, 'deploy');

describe('chapter 4: deploy walkthrough', () => {
  it('builds the bundle, serves page, bundle and API under naught, deploys a new math module, stops', async () => {
    const results = await runWalkthrough(path.join(CHAPTER_DIR, 'README.md'), DEPLOY_DIR);
    assert.ok(results.some((step) => step.command.startsWith('naught deploy')));
  });

  it("the deploy page works in headless Chromium: the bundle's math agrees with the server's API", async () => {
    assert.ok(chromiumInstalled(), 'Chromium is missing: run `make ensure-chromium` as root');
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ch04-deploy-'));
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_PATH: path.join(REPO_ROOT, 'node_modules'), NODE_OPTIONS: '', PORT: '0' };
    delete env.NAUGHT_WORKER;
    try {
      fs.cpSync(DEPLOY_DIR, workDir, { recursive: true });
      const build = spawnSync(process.execPath, ['build.js'], { cwd: workDir, env, encoding: 'utf8', timeout: 30_000 });
      assert.equal(build.status, 0, build.stderr);
      assert.match(build.stdout, /^bundled page\.js and math\.js \(add, subtract\) into dist\/bundle\.js, \d+ bytes$/m);

      // Without naught (no NAUGHT_WORKER), handleShutdown drains and exits on SIGTERM.
      const server = spawn(process.execPath, ['server.js'], { cwd: workDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
      const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
      try {
        const url = await new Promise<string>((resolve, reject) => {
          let output = '';
          server.stdout.setEncoding('utf8').on('data', (chunk: string) => {
            output += chunk;
            const match = /listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
            if (match !== null) resolve(match[1] as string);
          });
          server.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
          void exited.then((code) => reject(new Error(`server.js exited (${code}) before listening:\n${output}`)));
        });
        const ids = ['add-page', 'add-server', 'subtract-page', 'subtract-server', 'encoded', 'status'];
        const reading = await readPage(url, ids);
        assert.deepEqual(reading.errors, []);
        assert.deepEqual(reading.text, {
          'add-page': '9',
          'add-server': '9',
          'subtract-page': '3',
          'subtract-server': '3',
          encoded: Buffer.from('add,subtract').toString('base64'),
          status: 'done',
        });
      } finally {
        server.kill('SIGTERM');
      }
      assert.equal(await exited, 0);
    } finally {
      fs.rmSync(workDir, { recursive: true, force: true });
    }
  });
});
