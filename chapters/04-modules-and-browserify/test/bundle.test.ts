import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { assertPrintsLikeReadme } from '../../shared/readme';
import { chromiumInstalled, readPage, serveFiles } from '../lib/browser';
import { buildBundle } from '../lib/bundle';
import { observeOrder } from '../lib/order';
import { CHAPTER_DIR } from '../lib/paths';
import { lines, runExample } from './helpers';

const PAGE = path.join(CHAPTER_DIR, 'browser', 'page.ts');
const HTML = path.join(CHAPTER_DIR, 'browser', 'index.html');

describe('chapter 4: the browserify bundle', () => {
  let workDir: string;

  beforeEach(() => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ch04-test-'));
  });

  afterEach(() => {
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('bundles the compiled page, the math module and stand-ins for process and Buffer into one file', async () => {
    const outFile = path.join(workDir, 'bundle.js');
    const result = await buildBundle(PAGE, outFile);
    assert.equal(fs.statSync(outFile).size, result.bytes);
    for (const file of ['browser/page.js', 'lib/math.js', 'lib/order.js']) assert.ok(result.files.includes(file), file);
    assert.ok(result.files.some((file) => file.endsWith('node_modules/process/browser.js')), result.files.join());
    assert.ok(result.files.some((file) => file.endsWith('node_modules/buffer/index.js')), result.files.join());
    const source = fs.readFileSync(outFile, 'utf8');
    assert.match(source, /function add\(a, b\)/); // the math module, compiled from TypeScript
    assert.doesNotMatch(source, /: number/); // no TypeScript left in it
  });

  it('refuses to bundle code with a type error (the TypeScript API type-checks first)', async () => {
    const broken = path.join(workDir, 'broken.ts');
    fs.writeFileSync(broken, "const sum: number = 1 + 3;\nexport const text: string = sum;\n");
    const outFile = path.join(workDir, 'bundle.js');
    await assert.rejects(buildBundle(broken, outFile, workDir), /Type 'number' is not assignable to type 'string'/);
    assert.equal(fs.existsSync(outFile), false);
  });

  it('runs in headless Chromium: the page computes with the math module, Buffer and process.nextTick', async () => {
    assert.ok(chromiumInstalled(), 'Chromium is missing: run `make ensure-chromium` as root');
    const bundle = await buildBundle(PAGE, path.join(workDir, 'bundle.js'));
    const server = await serveFiles({ '/': HTML, '/bundle.js': bundle.outFile });
    try {
      const ids = ['sum', 'difference', 'base64', 'hex', 'byte-length', 'globals', 'filename', 'order', 'status'];
      const reading = await readPage(server.url, ids);
      assert.match(reading.userAgent, /HeadlessChrome\//);
      assert.deepEqual(reading.errors, []);
      const expected = Buffer.from('Deploying Node.js'); // Node's own Buffer gives the same answers
      assert.deepEqual(reading.text, {
        sum: '4',
        difference: '6',
        base64: expected.toString('base64'),
        hex: expected.subarray(0, 9).toString('hex'),
        'byte-length': String(Buffer.byteLength('héllo')),
        globals: 'Buffer in globalThis: false, process in globalThis: false',
        filename: '/browser/page.js',
        // browserify's process.nextTick is a setTimeout: it runs after the promise callback
        order: 'sync → promise → nextTick → setTimeout',
        status: 'done',
      });
    } finally {
      await server.close();
    }
  });

  it('in Node, from an event-loop callback, the same code runs nextTick before the promise', async () => {
    const order = await new Promise<string[]>((resolve) => setImmediate(() => resolve(observeOrder())));
    assert.deepEqual(order, ['sync', 'nextTick', 'promise', 'setTimeout']);
  });

  it('04-bundle writes the bundle file it is given and lists what is in it, as README.md shows', async () => {
    const outFile = path.join(workDir, 'out', 'bundle.js');
    const run = await runExample('04-bundle.ts', [outFile]);
    assert.equal(run.status, 0, run.stderr);
    const printed = lines(run.stdout);
    assert.ok(printed.includes('  lib/math.js'), run.stdout);
    assert.ok(printed.some((line) => /process\/browser\.js {2}\(process, because lib\/order\.js uses process\.nextTick\)$/.test(line)), run.stdout);
    const wrote = printed.find((line) => line.startsWith('wrote '));
    const shownPath = path.relative(path.resolve(CHAPTER_DIR, '..', '..'), outFile);
    assert.equal(wrote, `wrote ${shownPath} (${fs.statSync(outFile).size} bytes)`);
    // The README runs it without an argument, which writes dist/bundle.js into the chapter; this run wrote to a temporary folder.
    assertPrintsLikeReadme(CHAPTER_DIR, '04-bundle.ts', run.stdout.replace(`wrote ${shownPath} `, 'wrote chapters/04-modules-and-browserify/dist/bundle.js '));
  });

  it('05-browser prints what the page wrote in Chromium, next to the order Node gives, as README.md shows', async () => {
    const run = await runExample('05-browser.ts');
    assert.equal(run.status, 0, run.stderr);
    const printed = lines(run.stdout);
    assert.equal(printed[0], 'Node order:    sync → nextTick → promise → setTimeout');
    for (const line of [
      '  #sum          4',
      '  #difference   6',
      '  #base64       RGVwbG95aW5nIE5vZGUuanM=',
      '  #order        sync → promise → nextTick → setTimeout',
      '  #status       done',
      'page errors: none',
    ]) {
      assert.ok(printed.includes(line), `missing ${JSON.stringify(line)} in:\n${run.stdout}`);
    }
    assertPrintsLikeReadme(CHAPTER_DIR, '05-browser.ts', run.stdout);
  });
});
