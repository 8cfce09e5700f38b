/**
 * The container image, without a docker engine: this machine cannot build
 * or run images, so the program reads docker/Dockerfile's structure and then
 * runs, outside any container, the very command the image would run (its
 * CMD, with its ENV and a copy of the files it copies), its HEALTHCHECK
 * command, and its STOPSIGNAL with a keep-alive client connected.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { envOf, execForm, parseDockerfile, splitFlags, stagesOf, type Stage } from '../lib/dockerfile';
import { CHAPTER_DIR, freePort, get, isAlive, REPO_NODE_MODULES, REPO_ROOT, run, startProcess, waitFor, type RunResult } from '../lib/processes';

export const DOCKERFILE = path.join(CHAPTER_DIR, 'docker', 'Dockerfile');

export interface ContainerDemo {
  stages: Stage[];
  user: string;
  cmd: string[];
  stopSignal: string;
  healthcheck: string[];
  /** COPY sources (without --from) that do not exist in the build context. */
  missingSources: string[];
  health: RunResult;
  firstAnswer: { status: number; connection: string | undefined };
  /** The keep-alive request sent after the stop signal, once the listener had closed. */
  duringDrain: { status: number; connection: string | undefined; body: string };
  newConnectionAfterStop: string;
  exit: { code: number | null; signal: NodeJS.Signals | null };
  output: string;
}

/** Every source of a COPY without --from, relative to the build context (the repository root). */
function copySources(stages: Stage[]): string[] {
  const sources: string[] = [];
  for (const stage of stages) {
    for (const instruction of stage.instructions.filter((i) => i.keyword === 'COPY')) {
      const { flags, rest } = splitFlags(instruction.args);
      if (flags.from !== undefined) continue;
      const words = execForm(rest) ?? rest.split(/\s+/);
      sources.push(...words.slice(0, -1));
    }
  }
  return sources;
}

function keepAliveGet(agent: http.Agent, port: number, urlPath: string): Promise<{ status: number; connection: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: urlPath, agent }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, connection: response.headers.connection, body }));
      })
      .on('error', reject);
  });
}

export async function containerDemo(log: (line: string) => void = console.log): Promise<ContainerDemo> {
  const instructions = parseDockerfile(fs.readFileSync(DOCKERFILE, 'utf8'));
  const stages = stagesOf(instructions);
  log('== docker/Dockerfile, read (no docker engine here: the image is not built)');
  for (const stage of stages) {
    const summary = stage.instructions.map((i) => i.keyword).join(' ');
    log(`stage ${stage.index} ${stage.name ?? '(final)'}: FROM ${stage.base}: ${summary}`);
  }
  const final = stages[stages.length - 1] as Stage;
  const last = (keyword: string): string => {
    const found = final.instructions.filter((i) => i.keyword === keyword);
    if (found.length === 0) throw new Error(`the final stage has no ${keyword}`);
    return (found[found.length - 1] as { args: string }).args;
  };
  const user = last('USER');
  const cmd = execForm(last('CMD'));
  if (cmd === null) throw new Error('CMD is in shell form');
  const stopSignal = last('STOPSIGNAL');
  const healthcheck = execForm(splitFlags(last('HEALTHCHECK')).rest.replace(/^CMD\s+/, ''));
  if (healthcheck === null) throw new Error('HEALTHCHECK CMD is in shell form');
  log(`final stage: USER ${user}, CMD ${JSON.stringify(cmd)}, STOPSIGNAL ${stopSignal}`);
  const sources = copySources(stages);
  const missingSources = sources.filter((source) => !fs.existsSync(path.join(REPO_ROOT, source)));
  log(`COPY sources in the build context (the repository root): ${sources.length}, missing: ${missingSources.length === 0 ? 'none' : missingSources.join(', ')}`);

  // The final stage's /app: server.js (copied from deploy/) and node_modules.
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ch06-container-'));
  const appDir = path.join(root, 'app');
  fs.mkdirSync(appDir);
  fs.copyFileSync(path.join(CHAPTER_DIR, 'deploy', 'server.js'), path.join(appDir, 'server.js'));
  fs.symlinkSync(REPO_NODE_MODULES, path.join(appDir, 'node_modules'), 'dir');
  const port = await freePort();
  // The image's ENV, except HOST and PORT: 127.0.0.1 and a free port outside a container.
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, ...envOf(final.instructions), HOST: '127.0.0.1', PORT: String(port) };
  const [command, ...args] = cmd as [string, ...string[]];
  log(`== CMD, run outside a container: ${cmd.join(' ')} (NODE_ENV=${env.NODE_ENV}, PORT=${port})`);
  const server = startProcess(command, args, { cwd: appDir, env });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    await waitFor('the server to listen', () => get(port, '/healthz', 1000).then((answer) => (answer.status === 200 ? true : undefined)));
    const [healthCommand, ...healthArgs] = healthcheck as [string, ...string[]];
    const health = await run(healthCommand, healthArgs, { cwd: appDir, env });
    log(`HEALTHCHECK command: exit code ${health.code}`);

    const first = await keepAliveGet(agent, port, '/');
    log(`keep-alive client: ${first.status} ${first.body.trimEnd()} (Connection: ${first.connection ?? '-'})`);

    log(`== ${stopSignal} (docker stop, or Kubernetes deleting the pod)`);
    server.kill(stopSignal as NodeJS.Signals);
    // The drain stops accepting first: new connections are refused from then on.
    // (A connection caught in the middle of the close may be reset instead: ask again.)
    const refused = await waitFor('the listener to close', () =>
      get(port, '/healthz', 1000).then(
        () => undefined,
        (error: NodeJS.ErrnoException) => (error.code === 'ECONNREFUSED' ? error.code : undefined),
      ),
    );
    log(`a new connection: ${refused}`);
    const duringDrain = await keepAliveGet(agent, port, '/');
    log(`the keep-alive client's next request: ${duringDrain.status} (Connection: ${duringDrain.connection ?? '-'})`);
    const exit = await server.exited;
    log(`the server exited with code ${exit.code}${exit.signal ? ` (signal ${exit.signal})` : ''}`);
    return {
      stages,
      user,
      cmd,
      stopSignal,
      healthcheck: healthcheck as string[],
      missingSources,
      health,
      firstAnswer: { status: first.status, connection: first.connection },
      duringDrain,
      newConnectionAfterStop: refused,
      exit,
      output: server.stdout() + server.stderr(),
    };
  } finally {
    agent.destroy();
    if (isAlive(server.pid)) server.kill('SIGKILL');
    await server.exited;
    fs.rmSync(root, { recursive: true, force: true });
  }
}

if (require.main === module) {
  containerDemo().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
