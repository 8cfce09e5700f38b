/**
 * The machine the figures come from: CPU, cores, memory, kernel, Node and the
 * versions of the tools, and how busy it was (load averages, read at the
 * start and at the end of the run).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from './processes';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryBytes: number;
  platform: string;
  kernel: string;
  node: string;
  versions: Record<string, string>;
}

function packageVersion(name: string): string {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string };
    return manifest.version;
  } catch {
    return 'not installed';
  }
}

export function machineInfo(): MachineInfo {
  return {
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    memoryBytes: os.totalmem(),
    platform: `${os.platform()} ${os.arch()}`,
    kernel: os.release(),
    node: process.version,
    versions: {
      'naught-core': packageVersion('naught-core'),
      autocannon: packageVersion('autocannon'),
      express: packageVersion('express'),
      pm2: packageVersion('pm2'),
    },
  };
}

/** The 1, 5 and 15 minute load averages. */
export function loadAverage(): [number, number, number] {
  const [one, five, fifteen] = os.loadavg();
  return [one ?? 0, five ?? 0, fifteen ?? 0];
}
