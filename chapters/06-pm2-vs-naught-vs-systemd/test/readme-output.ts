/**
 * Holds what an example printed to the README block that shows it. The tests
 * call the examples' demo functions with a `log` that collects the lines: the
 * same lines that `npx tsx chapters/06-.../examples/FILE` prints with
 * console.log, one by one. The README shows the usual temporary folder and
 * node (/tmp, /usr/bin/node); a run with another TMPDIR or node is read back
 * as those, as the docs checker does.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { assertPrintsLikeReadme } from '../../shared/readme';
import { CHAPTER_DIR } from '../lib/processes';

export function assertLoggedLikeReadme(file: string, logged: string[]): void {
  const printed = `${logged.join('\n')}\n`;
  const asTheReadmeWritesIt = printed
    .split(`${os.tmpdir()}/`)
    .join('/tmp/')
    .split(fs.realpathSync(process.execPath))
    .join('/usr/bin/node');
  assertPrintsLikeReadme(CHAPTER_DIR, file, asTheReadmeWritesIt);
}
