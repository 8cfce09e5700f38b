import { spawnSync } from 'node:child_process';
import { CHAPTER_DIR } from './paths';

export interface NodeRun {
  /** The command as a learner would type it from the chapter folder. */
  command: string;
  output: string;
  status: number | null;
}

/**
 * Runs plain `node` (no TypeScript loader, no NODE_OPTIONS) in the chapter
 * folder: what Node itself does with .cjs and .mjs files, not what tsx makes
 * of them (tsx lets require() load ES modules on any Node version).
 */
export function runNode(args: string[]): NodeRun {
  const run = spawnSync(process.execPath, args, {
    cwd: CHAPTER_DIR,
    env: { ...process.env, NODE_OPTIONS: '' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { command: `node ${args.join(' ')}`, output: `${run.stdout}${run.stderr}`, status: run.status };
}

/** Runs and prints the command and its output, as a terminal would show them. */
export function showNode(args: string[]): NodeRun {
  const run = runNode(args);
  console.log(`$ ${run.command}`);
  process.stdout.write(run.output);
  if (run.status !== 0) console.log(`(exit code ${run.status})`);
  return run;
}
