'use strict';
// CommonJS loading an ES module.
console.log('node', process.version, '| process.features.require_module:', process.features.require_module);

// 1. require() of an ES module: by default on Node 20.19+ and 22.12+, behind
//    --experimental-require-module on 20.17-20.18 and 22.0-22.11, impossible before.
try {
  const math = require('./math.mjs');
  console.log("require('./math.mjs'): works, add(1, 3) =", math.add(1, 3));
} catch (error) {
  console.log("require('./math.mjs'): fails,", error.code);
}

// 2. require() is synchronous, so it cannot load a module that awaits at its top level.
try {
  require('./top-level-await.mjs');
} catch (error) {
  console.log("require('./top-level-await.mjs'): fails,", error.code);
}

// 3. import() works everywhere (Node 12+), for both: it returns a promise.
Promise.all([import('./math.mjs'), import('./top-level-await.mjs')]).then(([math, tla]) => {
  console.log("import('./math.mjs'): works, add(1, 3) =", math.add(1, 3), '| top-level-await.mjs:', tla.ready);
});
