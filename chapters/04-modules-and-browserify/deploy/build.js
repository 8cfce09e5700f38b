'use strict';
// Bundles page.js (and math.js, and browserify's stand-ins for process and
// Buffer) into dist/bundle.js with browserify's API.
const fs = require('node:fs');
const path = require('node:path');
const browserify = require('browserify');
const math = require('./math');

const outFile = path.join(__dirname, 'dist', 'bundle.js');
fs.mkdirSync(path.dirname(outFile), { recursive: true });

browserify(path.join(__dirname, 'page.js')).bundle((error, source) => {
  if (error) {
    console.error(error.message);
    process.exit(1);
  }
  fs.writeFileSync(outFile, source);
  const operations = Object.keys(math).join(', ');
  console.log(`bundled page.js and math.js (${operations}) into dist/bundle.js, ${source.length} bytes`);
});
