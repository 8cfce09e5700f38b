import * as path from 'node:path';
import { runWalkthrough } from '../../shared/walkthrough';
import { CHAPTER_DIR } from '../lib/processes';

describe('06 deploy walkthrough (naught-core, 2 workers)', function () {
  this.timeout(60_000);

  it('runs the README walkthrough: start, serve release v1, deploy release v2, serve it, stop', async function () {
    await runWalkthrough(path.join(CHAPTER_DIR, 'README.md'), path.join(CHAPTER_DIR, 'deploy'));
  });
});
