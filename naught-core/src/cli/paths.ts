/** Checks on the paths a command is given, made before anything is started. */
import * as fs from 'node:fs';
import { CommandFailure } from '../errors';

export function requireDirectory(command: string, directory: string): void {
  let isDirectory = false;
  try {
    isDirectory = fs.statSync(directory).isDirectory();
  } catch {
    // reported below
  }
  if (!isDirectory) throw new CommandFailure(`naught ${command}: --cwd ${directory} is not a directory`);
}

export function requireScript(command: string, script: string, shownAs: string): void {
  let exists = false;
  try {
    exists = fs.statSync(script).isFile() || fs.statSync(script).isDirectory();
  } catch {
    // reported below
  }
  if (!exists) throw new CommandFailure(`naught ${command}: cannot find the script ${shownAs} (${script})`);
}
