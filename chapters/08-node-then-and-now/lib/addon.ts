/**
 * Building the chapter's addons: the 2009 one (addon/then: hello.cc for
 * node-waf) and today's (addon/now: hello.c for node-gyp, with Node-API).
 * Everything runs offline: node-gyp is given the Node headers installed on
 * this machine (--nodedir), so it downloads nothing.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ADDON_DIR = path.resolve(__dirname, '..', 'addon');
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** How to run node-gyp, or why it cannot be run. */
export type NodeGyp = { found: true; command: string[]; where: string } | { found: false; why: string };

function npmConfig(key: string): string | null {
  const run = spawnSync('npm', ['config', 'get', key], { encoding: 'utf8', timeout: 30_000 });
  const value = run.status === 0 ? run.stdout.trim() : '';
  return value === '' || value === 'undefined' || value === 'null' ? null : value;
}

/**
 * node-gyp from the repository's node_modules if it is there, else the copy
 * npm itself ships and uses to build addons during `npm install` (its path
 * is npm's `node-gyp` setting).
 */
export function findNodeGyp(): NodeGyp {
  const local = path.join(REPO_ROOT, 'node_modules', '.bin', 'node-gyp');
  if (fs.existsSync(local)) return { found: true, command: [local], where: 'node_modules/.bin/node-gyp' };
  const npmCopy = npmConfig('node-gyp');
  if (npmCopy !== null && fs.existsSync(npmCopy)) {
    return { found: true, command: [process.execPath, npmCopy], where: "npm's own copy (npm config get node-gyp)" };
  }
  return {
    found: false,
    why: 'node-gyp is neither in node_modules/.bin nor bundled with npm (npm config get node-gyp gave nothing usable)',
  };
}

/**
 * The directory whose include/node holds this Node's headers: npm's `nodedir`
 * setting if it has them, else the installation prefix of the running node.
 */
export function findNodeDir(): string | null {
  const candidates = [npmConfig('nodedir'), path.resolve(path.dirname(process.execPath), '..')];
  for (const dir of candidates) {
    if (dir !== null && fs.existsSync(path.join(dir, 'include', 'node', 'node_api.h'))) return dir;
  }
  return null;
}

export interface BuildResult {
  ok: boolean;
  /** node-gyp's output, stdout and stderr */
  log: string;
  /** the built addon, when ok */
  addon: string;
}

/** Copies addon/now into workDir and runs `node-gyp rebuild --nodedir=...` there. */
export function buildNodeApiAddon(workDir: string, gyp: NodeGyp & { found: true }, nodeDir: string): BuildResult {
  for (const file of ['binding.gyp', 'hello.c']) fs.copyFileSync(path.join(ADDON_DIR, 'now', file), path.join(workDir, file));
  const [command, ...args] = gyp.command as [string, ...string[]];
  const run = spawnSync(command, [...args, 'rebuild', `--nodedir=${nodeDir}`], {
    cwd: workDir,
    encoding: 'utf8',
    timeout: 120_000,
    // A proxy that does not exist: should node-gyp try to download anything, it fails at once. Offline by construction.
    env: { ...process.env, npm_config_nodedir: nodeDir, ...Object.fromEntries(['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY'].map((name) => [name, 'http://127.0.0.1:9'])) },
  });
  const addon = path.join(workDir, 'build', 'Release', 'hello.node');
  return { ok: run.status === 0 && fs.existsSync(addon), log: `${run.stdout}${run.stderr}`, addon };
}

export interface CompileResult {
  ok: boolean;
  /** the compiler's "error:" lines */
  errors: string[];
}

/** Asks g++ whether the 2009 hello.cc still compiles against this Node's V8 headers (syntax and types only). */
export function compile2009Addon(nodeDir: string): CompileResult {
  const run = spawnSync('g++', ['-std=c++17', '-fsyntax-only', '-I', path.join(nodeDir, 'include', 'node'), 'hello.cc'], {
    cwd: path.join(ADDON_DIR, 'then'),
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C' }, // plain quotes in the messages
    timeout: 120_000,
  });
  if (run.error !== undefined) throw run.error;
  const errors = `${run.stdout}${run.stderr}`.split('\n').filter((line) => line.includes(' error: '));
  return { ok: run.status === 0, errors };
}

/** Whether a command is on the PATH. */
export function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir !== '' && fs.existsSync(path.join(dir, command)));
}
