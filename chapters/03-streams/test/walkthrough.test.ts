import * as path from 'node:path';
import { runWalkthrough } from '../../shared/walkthrough';
import { CHAPTER_DIR } from './support';

describe('03-streams / the README deploy walkthrough', () => {
  it('runs as written: start, stream the count (plain and gzipped), deploy a longer count, stop', async () => {
    await runWalkthrough(path.join(CHAPTER_DIR, 'README.md'), path.join(CHAPTER_DIR, 'deploy'));
  });
});
