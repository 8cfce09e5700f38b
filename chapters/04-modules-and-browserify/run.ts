/**
 * `make ch04`: runs the examples in order. The last one needs Chromium; when
 * it is missing, this says how to install it instead of failing halfway.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CHROMIUM_MISSING, chromiumInstalled } from './lib/browser';

const examplesDir = path.join(__dirname, 'examples');
const NEEDS_CHROMIUM = new Set(['05-browser.ts']);

let status = 0;
for (const name of fs.readdirSync(examplesDir).filter((file) => file.endsWith('.ts')).sort()) {
  const example = path.join(examplesDir, name);
  console.log(`== ${path.relative(process.cwd(), example)}`);
  if (NEEDS_CHROMIUM.has(name) && !chromiumInstalled()) {
    console.log(CHROMIUM_MISSING);
    status = 1;
    continue;
  }
  const run = spawnSync(process.execPath, ['--import', 'tsx', example], { stdio: 'inherit' });
  if (run.status !== 0) {
    status = run.status ?? 1;
    break;
  }
}
process.exit(status);
