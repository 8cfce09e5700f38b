/**
 * The chapter READMEs' example runs: every ```text block that starts with a
 * `$ ` line (or is tagged `output-of NAME`) shows what one of the chapter's
 * examples prints, and a chapter test must compare it with a real run
 * (docs/walkthroughs/README.md, "Example runs in the chapters").
 *
 * The check is static: it reads the chapter's test code, not a record of a
 * run, so that it holds whatever ran before it and however mocha was told to
 * filter. A block counts as compared when one of the chapter's test files
 * names its example in a string literal ('01-latency.ts' or '01-latency')
 * and calls a README reader: a function of chapters/shared/readme.ts that
 * reads the README, or a function of the chapter's tests that calls one.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { readFencedBlocks, REPO_ROOT, type FencedBlock } from '../../../chapters/shared/walkthrough';

const CHAPTERS_DIR = path.join(REPO_ROOT, 'chapters');
const README_MODULE = path.join(CHAPTERS_DIR, 'shared', 'readme.ts');

export interface ExampleBlock {
  chapter: string;
  /** chapters/NN-name/README.md:LINE */
  name: string;
  block: FencedBlock;
  /** `no-check REASON` tag, or null. */
  noCheckReason: string | null;
  /** The example file the block shows (`01-latency.ts`), or null when the block does not say. */
  example: string | null;
}

export function chapterTestDir(chapter: string): string {
  return path.join(CHAPTERS_DIR, chapter, 'test');
}

export function chapterNames(): string[] {
  return fs.readdirSync(CHAPTERS_DIR).filter((name) => /^\d\d-/.test(name) && fs.existsSync(path.join(CHAPTERS_DIR, name, 'README.md'))).sort();
}

/** The ```text blocks of a chapter README that show an example run. */
export function exampleBlocks(chapter: string): ExampleBlock[] {
  const readme = path.join(CHAPTERS_DIR, chapter, 'README.md');
  return readFencedBlocks(readme)
    .filter((block) => block.language === 'text' && (block.body.startsWith('$ ') || block.tags.startsWith('output-of ')))
    .map((block) => {
      const [word = '', ...rest] = block.tags.split(/\s+/);
      const command = /^\$ npx tsx chapters\/([^/\s]+)\/examples\/(\S+)$/.exec(block.body.split('\n')[0] as string);
      return {
        chapter,
        name: `chapters/${chapter}/README.md:${block.line}`,
        block,
        noCheckReason: word === 'no-check' ? rest.join(' ') : null,
        example: word === 'output-of' ? rest.join(' ') : command !== null && command[1] === chapter ? (command[2] as string) : null,
      };
    });
}

/** What is wrong with a block's tag or first line, or null. */
export function blockProblem(example: ExampleBlock): string | null {
  const { block, chapter } = example;
  const [word = ''] = block.tags.split(/\s+/);
  if (word === 'no-check') return (example.noCheckReason ?? '').split(/\s+/).length < 4 ? `no-check needs a reason of a few words, not "${example.noCheckReason}"` : null;
  if (word !== '' && word !== 'output-of') return `\`\`\`text ${block.tags}: unknown tag; write output-of FILE, no-check REASON or nothing`;
  const firstLine = block.body.split('\n')[0] as string;
  if (firstLine.startsWith('$ ') && firstLine !== `$ npx tsx chapters/${chapter}/examples/${example.example ?? ''}`) {
    return `a run shown as \`${firstLine}\`: a chapter's example runs are \`$ npx tsx chapters/${chapter}/examples/FILE\` (or tag the block no-check REASON)`;
  }
  if (example.example === null || !fs.existsSync(path.join(CHAPTERS_DIR, chapter, 'examples', example.example))) {
    return `there is no examples/${example.example ?? '?'} in chapters/${chapter}`;
  }
  return null;
}

interface ScannedFile {
  file: string;
  /** Functions declared in the file (function NAME, const NAME = () => ...), with the names their bodies call. */
  functions: Map<string, Set<string>>;
  /** Every name the file calls. */
  calls: Set<string>;
  strings: Set<string>;
}

function calledName(call: ts.CallExpression): string | null {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return null;
}

function scan(file: string): ScannedFile {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const scanned: ScannedFile = { file, functions: new Map(), calls: new Set(), strings: new Set() };
  const callsIn = (node: ts.Node): Set<string> => {
    const names = new Set<string>();
    const visit = (child: ts.Node): void => {
      if (ts.isCallExpression(child)) {
        const name = calledName(child);
        if (name !== null) names.add(name);
      }
      ts.forEachChild(child, visit);
    };
    visit(node);
    return names;
  };
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionDeclaration(node) && node.name !== undefined && node.body !== undefined) scanned.functions.set(node.name.text, callsIn(node.body));
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer !== undefined && (ts.isArrowFunction(node.initializer) || ts.isFunctionExpression(node.initializer))) {
      scanned.functions.set(node.name.text, callsIn(node.initializer.body));
    }
    if (ts.isCallExpression(node)) {
      const name = calledName(node);
      if (name !== null) scanned.calls.add(name);
    }
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) scanned.strings.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return scanned;
}

/** Adds to `readers` every function of `files` that calls one of them, until nothing changes. */
function spreadReaders(files: ScannedFile[], readers: Set<string>): void {
  let grew = true;
  while (grew) {
    grew = false;
    for (const scanned of files) {
      for (const [name, calls] of scanned.functions) {
        if (!readers.has(name) && [...calls].some((call) => readers.has(call))) {
          readers.add(name);
          grew = true;
        }
      }
    }
  }
}

/** The functions of chapters/shared/readme.ts that read a README (they call readFileSync, or one that does). */
export function sharedReaders(): Set<string> {
  const readers = new Set(['readFileSync']);
  spreadReaders([scan(README_MODULE)], readers);
  readers.delete('readFileSync');
  return readers;
}

function typescriptFilesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.ts')).map((name) => path.join(dir, name));
}

/** The test files under `testDir` that call a README reader, with the string literals each holds. */
export function readingTestFiles(testDir: string): Array<{ file: string; strings: Set<string> }> {
  const files = typescriptFilesUnder(testDir).map(scan);
  const readers = sharedReaders();
  spreadReaders(files, readers);
  return files
    .filter((scanned) => [...scanned.calls].some((call) => readers.has(call)))
    .map((scanned) => ({ file: path.relative(REPO_ROOT, scanned.file), strings: scanned.strings }));
}

/** The test file that names the block's example and reads the README, or null. */
export function comparingTestFile(example: ExampleBlock, readingFiles: Array<{ file: string; strings: Set<string> }>): string | null {
  if (example.example === null) return null;
  const keys = [example.example, example.example.replace(/\.ts$/, '')];
  return readingFiles.find((candidate) => keys.some((key) => candidate.strings.has(key)))?.file ?? null;
}
