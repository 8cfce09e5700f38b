import * as path from 'node:path';
import { runWalkthrough } from '../../shared/walkthrough';
import { CHAPTER_DIR } from './run-example';

describe('01-event-loop deploy walkthrough (naught-core, 2 workers)', function () {
  it('runs the README walkthrough: /fast answered by one worker while the other is busy with /block, deploy, stop', async function () {
    await runWalkthrough(path.join(CHAPTER_DIR, 'README.md'), path.join(CHAPTER_DIR, 'deploy'));
  });
});
