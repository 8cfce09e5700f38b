/**
 * The shell blocks the convention covers (docs/walkthroughs/README.md): every
 * ```sh, ```bash, ```shell or ```console block of the top-level README.md,
 * the chapter READMEs and docs/, with what its tag says to do with it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseSession, readFencedBlocks, REPO_ROOT, type FencedBlock } from '../../../chapters/shared/walkthrough';

export const WALKTHROUGHS_DIR = path.join(REPO_ROOT, 'docs', 'walkthroughs');
const SHELL_LANGUAGES = new Set(['sh', 'bash', 'shell', 'console']);
/** Folders of docs/walkthroughs/ that hold the machinery, not fixtures. */
const NOT_FIXTURES = new Set(['runner', 'test']);

export type BlockTag =
  | { kind: 'walkthrough' }
  | { kind: 'check'; dir: string }
  | { kind: 'check-in-repo' }
  | { kind: 'no-check'; reason: string }
  | { kind: 'untagged'; tags: string };

export interface ShellBlock {
  /** Relative to the repository root. */
  file: string;
  block: FencedBlock;
  tag: BlockTag;
}

export function blockName(shellBlock: ShellBlock): string {
  return `${shellBlock.file}:${shellBlock.block.line}`;
}

export function parseTag(tags: string): BlockTag {
  const [word = '', ...rest] = tags.split(/\s+/);
  const argument = rest.join(' ').trim();
  if (word === 'walkthrough' && argument === '') return { kind: 'walkthrough' };
  if (word === 'check' && /^[a-z0-9][a-z0-9-]*$/.test(argument)) return { kind: 'check', dir: argument };
  if (word === 'check-in-repo' && argument === '') return { kind: 'check-in-repo' };
  if (word === 'no-check') return { kind: 'no-check', reason: argument };
  return { kind: 'untagged', tags };
}

function markdownUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => !file.split(path.sep).includes('node_modules'));
}

/** README.md, chapters/README.md, chapters/NN-name/README.md and every .md under docs/ (present now: others may add some). */
export function markdownFilesInScope(): string[] {
  const chaptersDir = path.join(REPO_ROOT, 'chapters');
  const chapterReadmes = fs.readdirSync(chaptersDir).map((name) => path.join(chaptersDir, name, 'README.md'));
  const files = [path.join(REPO_ROOT, 'README.md'), path.join(chaptersDir, 'README.md'), ...chapterReadmes, ...markdownUnder(path.join(REPO_ROOT, 'docs'))];
  return files.filter((file) => fs.existsSync(file)).map((file) => path.relative(REPO_ROOT, file)).sort();
}

export function shellBlocks(): ShellBlock[] {
  return markdownFilesInScope().flatMap((file) =>
    readFencedBlocks(path.join(REPO_ROOT, file))
      .filter((block) => SHELL_LANGUAGES.has(block.language))
      .map((block) => ({ file, block, tag: parseTag(block.tags) })),
  );
}

/** What is wrong with a block's tag or content, or null. */
export function problemWith(shellBlock: ShellBlock): string | null {
  const { file, block, tag } = shellBlock;
  switch (tag.kind) {
    case 'untagged':
      return `\`\`\`${block.language} ${tag.tags}: no tag; write walkthrough (chapter READMEs), check DIR, check-in-repo or no-check REASON`;
    case 'no-check':
      return tag.reason.split(/\s+/).length < 4 ? `no-check needs a reason of a few words, not "${tag.reason}"` : null;
    case 'walkthrough':
      return /^chapters\/\d\d-[^/]+\/README\.md$/.test(file) ? commandsProblem(block) : 'walkthrough blocks belong to chapter READMEs (each chapter test runs its own)';
    case 'check': {
      const dir = path.join(WALKTHROUGHS_DIR, tag.dir);
      if (NOT_FIXTURES.has(tag.dir) || !fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) return `check ${tag.dir}: there is no fixture folder docs/walkthroughs/${tag.dir}/`;
      return commandsProblem(block);
    }
    case 'check-in-repo':
      return commandsProblem(block);
  }
}

function commandsProblem(block: FencedBlock): string | null {
  try {
    return parseSession(block.body).length === 0 ? 'the block runs nothing: it has no command' : null;
  } catch (error) {
    return (error as Error).message;
  }
}
