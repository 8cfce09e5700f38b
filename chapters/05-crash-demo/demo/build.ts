/**
 * Compiles the app (app/*.ts) to plain JavaScript in dist/, with the
 * TypeScript compiler API: the process managers of this chapter (supervisor,
 * nodemon, pm2, naught-core) start `node dist/server.js`, and plain node does
 * not run TypeScript. The program is type-checked first; any error stops the
 * build, as `tsc` would.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

export const CHAPTER_DIR = path.resolve(__dirname, '..');
export const APP_DIR = path.join(CHAPTER_DIR, 'app');
export const DIST_DIR = path.join(CHAPTER_DIR, 'dist');
export const SERVER_JS = path.join(DIST_DIR, 'server.js');
export const GUARDED_SERVER_JS = path.join(DIST_DIR, 'guarded-server.js');

export const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.Node16, // CommonJS here: the repository's package.json has "type": "commonjs"
  moduleResolution: ts.ModuleResolutionKind.Node16,
  strict: true,
  esModuleInterop: true,
  skipLibCheck: true,
  sourceMap: true,
  types: ['node'],
  rootDir: APP_DIR,
  outDir: DIST_DIR,
};

function appSources(): string[] {
  // The .d.ts fallback is left out: the build resolves naught-core to its built package (make build).
  return fs
    .readdirSync(APP_DIR)
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))
    .map((name) => path.join(APP_DIR, name));
}

/** dist/ has a .js for every source, each newer than every source and than this build script. */
function upToDate(sources: string[]): string[] | null {
  const outputs = sources.map((source) => path.join(DIST_DIR, `${path.basename(source, '.ts')}.js`)).sort();
  if (!outputs.every((output) => fs.existsSync(output))) return null;
  const newestInput = Math.max(...[...sources, __filename].map((file) => fs.statSync(file).mtimeMs));
  const oldestOutput = Math.min(...outputs.map((file) => fs.statSync(file).mtimeMs));
  return oldestOutput >= newestInput ? outputs : null;
}

/**
 * Type-checks app/*.ts and writes dist/*.js; returns the .js files. Throws
 * with the compiler's messages on an error. Like `tsc --build`, it does
 * nothing when dist/ is newer than the sources, unless `force` is set.
 */
export function buildApp(options: { force?: boolean } = {}): string[] {
  const rootNames = appSources();
  if (options.force !== true) {
    const current = upToDate(rootNames);
    if (current !== null) return current;
  }
  fs.rmSync(DIST_DIR, { recursive: true, force: true });
  const program = ts.createProgram(rootNames, COMPILER_OPTIONS);
  const written: string[] = [];
  const emit = program.emit(undefined, (fileName, text) => {
    fs.mkdirSync(path.dirname(fileName), { recursive: true });
    fs.writeFileSync(fileName, text);
    written.push(fileName);
  });
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emit.diagnostics];
  if (diagnostics.length > 0) {
    const host: ts.FormatDiagnosticsHost = {
      getCanonicalFileName: (fileName) => fileName,
      getCurrentDirectory: () => CHAPTER_DIR,
      getNewLine: () => '\n',
    };
    fs.rmSync(DIST_DIR, { recursive: true, force: true }); // no half-built app left to run
    throw new Error(`the app does not compile:\n${ts.formatDiagnostics(diagnostics, host)}`);
  }
  return written.filter((file) => file.endsWith('.js')).sort();
}

if (require.main === module) {
  for (const file of buildApp({ force: true })) console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
