/**
 * Addons: the 2009 one (C++ against V8's API, built by node-waf) and today's
 * (C against Node-API, built by node-gyp). The 2009 source is compiled
 * against today's headers to see what is left of it; today's is built in a
 * temporary directory, loaded, and compared with the JavaScript module it stands for.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildNodeApiAddon, compile2009Addon, findNodeDir, findNodeGyp, onPath } from '../lib/addon';
import { section } from '../lib/sections';

const nodeDir = findNodeDir();
if (nodeDir === null) {
  console.log(`no Node headers (include/node/node_api.h) in npm's nodedir or under ${path.resolve(process.execPath, '../..')}: nothing can be compiled`);
  process.exit(1);
}

section('then', 'hello.cc (the V8 API of 2009) and wscript, built with `node-waf configure build`');
console.log(`node-waf on this machine: ${onPath('node-waf') ? 'yes' : 'no (it left Node with v0.8, in 2012)'}`);
const old = compile2009Addon(nodeDir);
console.log(`g++ -fsyntax-only hello.cc against Node ${process.versions.node}'s headers: ${old.ok ? 'compiles' : `fails, ${old.errors.length} errors`}`);
for (const error of old.errors) console.log(`  ${error}`);

section('now', 'hello.c (Node-API) and binding.gyp, built with `node-gyp rebuild`');
const gyp = findNodeGyp();
if (!gyp.found) {
  console.log(`cannot build: ${gyp.why}`);
  process.exit(1);
}
console.log(`node-gyp: ${gyp.where}, headers from --nodedir=${nodeDir}`);
const workDir = mkdtempSync(path.join(os.tmpdir(), 'ch08-addon-'));
try {
  const build = buildNodeApiAddon(workDir, gyp, nodeDir);
  console.log(`build: ${build.ok ? 'ok, build/Release/hello.node' : 'failed'}`);
  if (!build.ok) {
    console.log(build.log);
    process.exitCode = 1;
  } else {
    const load = createRequire(__filename); // require() of a .node file: the binary is loaded with dlopen
    const addon = load(build.addon) as { hello: string };
    console.log(`require('./build/Release/hello.node').hello: ${JSON.stringify(addon.hello)}`);
    const jsModule = load('../lib/hello-2009.js') as { hello: string }; // exports.hello = "world";
    console.log(`the same as the JavaScript module lib/hello-2009.js: ${addon.hello === jsModule.hello}`);
    console.log(`Node-API version of this Node: ${process.versions.napi}`);
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
