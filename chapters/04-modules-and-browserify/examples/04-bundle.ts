/**
 * Builds the page's bundle: the TypeScript compiler API first (type-checked
 * CommonJS into a temporary folder), then browserify's API. Writes
 * dist/bundle.js in this chapter, or the file given as the first argument.
 */
import * as path from 'node:path';
import { buildBundle } from '../lib/bundle';
import { CHAPTER_DIR } from '../lib/paths';

// Why browserify added each file that is not ours (matched on the end of its path).
const REASONS: [string, string][] = [
  ['process/browser.js', 'process, because lib/order.js uses process.nextTick'],
  ['buffer/index.js', 'Buffer, because browser/page.js uses it'],
  ['base64-js/index.js', 'used by buffer'],
  ['ieee754/index.js', 'used by buffer'],
];

async function main(): Promise<void> {
  const outFile = path.resolve(process.argv[2] ?? path.join(CHAPTER_DIR, 'dist', 'bundle.js'));
  const result = await buildBundle(path.join(CHAPTER_DIR, 'browser', 'page.ts'), outFile);
  console.log('TypeScript: browser/page.ts and its imports type-checked and compiled to CommonJS');
  console.log(`browserify: ${result.files.length} files in the bundle`);
  for (const file of result.files) {
    const reason = REASONS.find(([end]) => file.endsWith(end))?.[1];
    console.log(`  ${file}${reason === undefined ? '' : `  (${reason})`}`);
  }
  console.log(`wrote ${path.relative(process.cwd(), outFile)} (${result.bytes} bytes)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
