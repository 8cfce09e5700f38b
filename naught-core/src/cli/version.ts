/** `naught version` */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rejectExtraArguments } from './args';
import { printLine } from './output';

export function packageVersion(): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

export function runVersion(argv: readonly string[]): number {
  rejectExtraArguments('version', argv);
  printLine('stdout', packageVersion());
  return 0;
}
