import * as assert from 'node:assert/strict';
import { assertPrintsLikeReadme } from '../../shared/readme';
import { CHAPTER_DIR } from '../lib/paths';
import { runNode } from '../lib/run-node';
import { lines, runExample } from './helpers';

describe('chapter 4: CommonJS and ES modules', () => {
  it('01-add: the TypeScript add program imports the math module and runs as CommonJS, as README.md shows', async () => {
    const run = await runExample('01-add.ts');
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(lines(run.stdout).filter(Boolean), [
      'add(1, 3) = 4',
      'subtract(10, 4) = 6',
      'this file runs as CommonJS: typeof module = object, typeof require = function',
    ]);
    assertPrintsLikeReadme(CHAPTER_DIR, '01-add.ts', run.stdout);
  });

  it('02: the same program as .cjs (require, module wrapper, cache) and as .mjs (import, import.meta), as README.md shows', async () => {
    const run = await runExample('02-commonjs-and-esm.ts');
    assert.equal(run.status, 0, run.stderr);
    const printed = lines(run.stdout);
    const cjs = printed.indexOf('$ node modules/add.cjs');
    const esm = printed.indexOf('$ node modules/add.mjs');
    assert.ok(cjs >= 0 && esm > cjs, run.stdout);
    assert.deepEqual(printed.slice(cjs + 1, esm).filter(Boolean), [
      'add(1, 3) = 4',
      'subtract(10, 4) = 6',
      '__filename: add.cjs | __dirname: modules',
      'a second require gives the cached object: true',
    ]);
    assert.deepEqual(printed.slice(esm + 1).filter(Boolean), [
      'add(1, 3) = 4',
      'subtract(10, 4) = 6',
      'the module namespace: add, subtract',
      'typeof require: undefined | typeof __filename: undefined',
      'import.meta.filename: add.mjs | import.meta.dirname: modules',
      "import('./math') fails: ERR_MODULE_NOT_FOUND",
    ]);
    assertPrintsLikeReadme(CHAPTER_DIR, '02-commonjs-and-esm.ts', run.stdout);
  });

  it('03: ESM imports CommonJS (default always, named when detectable); CommonJS requires ESM on this Node; as README.md shows', async () => {
    const run = await runExample('03-interop.ts');
    assert.equal(run.status, 0, run.stderr);
    const printed = lines(run.stdout);
    const blocks = printed.join('\n').split('\n$ ');
    assert.equal(blocks.length, 3, run.stdout);
    const [importing, requiring, requiringWithoutFlag] = blocks as [string, string, string];
    assert.match(importing, /^\$ node modules\/esm-imports-cjs\.mjs\n/);
    assert.match(importing, /^default import, math\.add\(1, 3\) = 4$/m);
    assert.match(importing, /^named import, add\(1, 3\) = 4$/m);
    assert.match(importing, /^computed\.cjs as a namespace: default$/m);
    assert.match(importing, /^computed\.add\(1, 3\) = 4$/m);
    assert.match(importing, /^named import from computed\.cjs: SyntaxError: Named export 'add' not found\./m);

    assert.match(requiring, /^node modules\/cjs-requires-esm\.cjs\n/);
    assert.match(requiring, /process\.features\.require_module: true$/m);
    assert.match(requiring, /^require\('\.\/math\.mjs'\): works, add\(1, 3\) = 4$/m);
    assert.match(requiring, /^require\('\.\/top-level-await\.mjs'\): fails, ERR_REQUIRE_ASYNC_MODULE$/m);
    assert.match(requiring, /^import\('\.\/math\.mjs'\): works, add\(1, 3\) = 4 \| top-level-await\.mjs: ready$/m);

    assert.match(requiringWithoutFlag, /^node --no-experimental-require-module modules\/cjs-requires-esm\.cjs\n/);
    assert.match(requiringWithoutFlag, /process\.features\.require_module: false$/m);
    assert.match(requiringWithoutFlag, /^require\('\.\/math\.mjs'\): fails, ERR_REQUIRE_ESM$/m);
    assert.match(requiringWithoutFlag, /^require\('\.\/top-level-await\.mjs'\): fails, ERR_REQUIRE_ESM$/m);
    assert.match(requiringWithoutFlag, /^import\('\.\/math\.mjs'\): works/m);
    assertPrintsLikeReadme(CHAPTER_DIR, '03-interop.ts', run.stdout);
  });

  it('a named import that Node cannot find fails at link time: not one line of the module runs', () => {
    const run = runNode(['modules/named-from-computed.mjs']);
    assert.equal(run.status, 1);
    assert.match(run.output, /SyntaxError: Named export 'add' not found/);
    assert.doesNotMatch(run.output, /^4$/m);
  });

  it('why the examples run plain node: tsx lets require() load an ES module even with require(esm) off', () => {
    const run = runNode(['--import', 'tsx', '--no-experimental-require-module', 'modules/cjs-requires-esm.cjs']);
    assert.equal(run.status, 0, run.output);
    assert.match(run.output, /process\.features\.require_module: false$/m);
    assert.match(run.output, /^require\('\.\/math\.mjs'\): works, add\(1, 3\) = 4$/m);
  });
});
