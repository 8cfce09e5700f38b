/**
 * The addons, for real: today's Node-API addon is built with node-gyp in a
 * temporary directory, offline (the machine's Node headers via --nodedir),
 * then loaded; the 2009 source is handed to g++ against the same headers.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { ADDON_DIR, buildNodeApiAddon, compile2009Addon, findNodeDir, findNodeGyp } from '../lib/addon';

describe('chapter 8: addons then (node-waf, V8 of 2009) and now (node-gyp, Node-API)', () => {
  const nodeDir = findNodeDir();
  const gyp = findNodeGyp();
  let workDir: string;
  beforeEach(() => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ch08-addon-test-'));
  });
  afterEach(() => fs.rmSync(workDir, { recursive: true, force: true }));

  it('finds the Node headers and node-gyp on this machine (the build needs no network)', () => {
    assert.notEqual(nodeDir, null, 'no include/node/node_api.h in npm\'s nodedir or the node prefix');
    assert.ok(gyp.found, gyp.found ? '' : gyp.why);
  });

  it('builds addon/now with `node-gyp rebuild`, loads build/Release/hello.node, and it exports hello = "world"', () => {
    assert.ok(nodeDir !== null && gyp.found);
    const build = buildNodeApiAddon(workDir, gyp, nodeDir);
    assert.ok(build.ok, build.log);
    assert.match(build.log, /gyp info ok/);
    const addon = createRequire(__filename)(build.addon) as Record<string, unknown>;
    assert.deepEqual({ ...addon }, { hello: 'world' });
    assert.deepEqual({ ...addon }, { ...(createRequire(__filename)('../lib/hello-2009.js') as object) });
  });

  it('binding.gyp is plain JSON naming one target, hello, built from hello.c', () => {
    const gypFile = JSON.parse(fs.readFileSync(path.join(ADDON_DIR, 'now', 'binding.gyp'), 'utf8')) as { targets: { target_name: string; sources: string[] }[] };
    assert.deepEqual(gypFile.targets, [{ target_name: 'hello', sources: ['hello.c'] }]);
  });

  it("the 2009 hello.cc no longer compiles: the V8 API it used (String::New, HandleScope without an isolate) is gone", () => {
    assert.ok(nodeDir !== null);
    const result = compile2009Addon(nodeDir);
    assert.equal(result.ok, false);
    assert.ok(result.errors.some((line) => /'New' is not a member of 'v8::String'/.test(line)), result.errors.join('\n'));
    assert.ok(result.errors.some((line) => /HandleScope/.test(line)), result.errors.join('\n'));
  });
});
