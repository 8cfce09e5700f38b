/**
 * Builds the page's bundle in two steps, both through their APIs:
 *
 * 1. The TypeScript compiler API type-checks the page and everything it
 *    imports, and emits CommonJS JavaScript into a temporary folder. A type
 *    error stops the build.
 * 2. browserify starts at the emitted page.js, follows its require() calls,
 *    adds stand-ins for the Node globals the code uses (process, Buffer,
 *    __filename), and writes one file a <script> tag can load.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import browserify from 'browserify';
import ts from 'typescript';
import { CHAPTER_DIR, REPO_ROOT } from './paths';

export interface BundleResult {
  outFile: string;
  bytes: number;
  /** Every file in the bundle: our compiled files relative to the chapter, the rest relative to the repository. */
  files: string[];
}

/**
 * Type-checks `entry` and what it imports; writes the JavaScript under
 * `outDir`, keeping the folders as they are under `rootDir`.
 */
export function compileTypeScript(entry: string, outDir: string, rootDir = CHAPTER_DIR): string {
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.CommonJS, // browserify understands require(), not import
    target: ts.ScriptTarget.ES2020, // browserify 17's parser (acorn-node) reads up to ES2020
    lib: ['lib.es2020.d.ts'],
    types: ['node'], // process and Buffer: the page uses them as it would in Node
    typeRoots: [path.join(REPO_ROOT, 'node_modules', '@types')],
    strict: true,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmitOnError: true,
    rootDir,
    outDir,
  };
  const program = ts.createProgram([entry], options);
  const emitted = program.emit();
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics];
  if (diagnostics.length > 0 || emitted.emitSkipped) {
    const host: ts.FormatDiagnosticsHost = {
      getCanonicalFileName: (name) => name,
      getCurrentDirectory: () => rootDir,
      getNewLine: () => '\n',
    };
    throw new Error(`TypeScript found errors, nothing was bundled:\n${ts.formatDiagnostics(diagnostics, host)}`);
  }
  const relative = path.relative(rootDir, entry).replace(/\.ts$/, '.js');
  return path.join(outDir, relative);
}

/**
 * Compiles `entry` (a .ts file under `rootDir`, by default this chapter),
 * bundles it with browserify and writes `outFile`.
 */
export async function buildBundle(entry: string, outFile: string, rootDir = CHAPTER_DIR): Promise<BundleResult> {
  const compiled = fs.mkdtempSync(path.join(os.tmpdir(), 'ch04-compiled-'));
  try {
    const jsEntry = compileTypeScript(entry, compiled, rootDir);
    const bundler = browserify(jsEntry, { basedir: compiled });
    const files: string[] = [];
    bundler.on('dep', (row: { file: string }) => {
      const inOurs = row.file.startsWith(compiled + path.sep);
      files.push(path.relative(inOurs ? compiled : REPO_ROOT, row.file));
    });
    const source = await new Promise<Buffer>((resolve, reject) => {
      bundler.bundle((error: Error | null, src: Buffer) => (error ? reject(error) : resolve(src)));
    });
    fs.mkdirSync(path.dirname(outFile), { recursive: true });
    fs.writeFileSync(outFile, source);
    return { outFile, bytes: source.length, files: files.sort() };
  } finally {
    fs.rmSync(compiled, { recursive: true, force: true });
  }
}
