import * as path from 'node:path';
import { runWalkthrough } from '../../shared/walkthrough';
import { CHAPTER_DIR } from './support';

describe('05-crash-demo / the README deploy walkthrough', function () {
  this.timeout(90_000);

  it('runs as written: 2 workers with the guard survive /read, then the fix is deployed and /read answers 500', async () => {
    await runWalkthrough(path.join(CHAPTER_DIR, 'README.md'), path.join(CHAPTER_DIR, 'deploy'));
  });
});
