import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { containerDemo, DOCKERFILE, type ContainerDemo } from '../examples/04-container';
import { envOf, execForm, parseDockerfile, splitFlags, stagesOf } from '../lib/dockerfile';
import { CHAPTER_DIR } from '../lib/processes';
import { assertLoggedLikeReadme } from './readme-output';

describe('06 container: docker/Dockerfile read, and its CMD run (examples/04-container.ts)', function () {
  this.timeout(60_000);

  let demo: ContainerDemo;
  const logged: string[] = [];
  before(async function () {
    demo = await containerDemo((line) => logged.push(line));
  });

  it('prints what README.md shows', function () {
    assertLoggedLikeReadme('04-container.ts', logged);
  });

  it('is multi-stage on node:20-slim, and COPY --from names earlier stages only', function () {
    assert.ok(demo.stages.length >= 2, 'multi-stage');
    for (const stage of demo.stages) assert.equal(stage.base, 'node:20-slim');
    demo.stages.forEach((stage, index) => {
      for (const instruction of stage.instructions.filter((i) => i.keyword === 'COPY')) {
        const from = splitFlags(instruction.args).flags.from;
        if (from === undefined) continue;
        const earlier = demo.stages.slice(0, index).map((s) => s.name);
        assert.ok(earlier.includes(from), `line ${instruction.line}: --from=${from} is not an earlier stage`);
      }
    });
    // The compiler and the dev dependencies stay in the build stages.
    const final = demo.stages[demo.stages.length - 1]!;
    assert.ok(!final.instructions.some((i) => i.keyword === 'RUN'), 'the final stage runs no build step');
  });

  it('runs as a non-root user, CMD and HEALTHCHECK in exec form, STOPSIGNAL SIGTERM', function () {
    assert.notEqual(demo.user, 'root');
    assert.notEqual(demo.user, '0');
    assert.deepEqual(demo.cmd, ['node', 'server.js']);
    assert.equal(demo.stopSignal, 'SIGTERM');
    assert.equal(demo.healthcheck[0], 'node');
    const env = envOf(stagesOf(parseDockerfile(fs.readFileSync(DOCKERFILE, 'utf8'))).at(-1)!.instructions);
    assert.equal(env.HOST, '0.0.0.0', 'inside a container the app must listen on every interface');
    assert.equal(env.NODE_ENV, 'production');
  });

  it('copies only files that exist in the build context, with a lockfile that matches its package.json', function () {
    assert.deepEqual(demo.missingSources, []);
    const pkg = JSON.parse(fs.readFileSync(path.join(CHAPTER_DIR, 'docker', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const lock = JSON.parse(fs.readFileSync(path.join(CHAPTER_DIR, 'docker', 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string; dependencies?: Record<string, string> }>;
    };
    assert.deepEqual(lock.packages['']?.dependencies, pkg.dependencies, 'npm ci would refuse a lockfile out of sync');
    for (const [name, version] of Object.entries(pkg.dependencies)) assert.equal(lock.packages[`node_modules/${name}`]?.version, version);
    const ignore = fs.readFileSync(path.join(CHAPTER_DIR, 'docker', 'Dockerfile.dockerignore'), 'utf8').split('\n');
    assert.ok(ignore.includes('**/node_modules'), 'the host node_modules stays out of the context');
  });

  it("the image's command serves, passes its HEALTHCHECK, and drains on the STOPSIGNAL: Connection: close, exit 0", function () {
    assert.equal(demo.health.code, 0, demo.health.stdout + demo.health.stderr);
    assert.deepEqual(demo.firstAnswer, { status: 200, connection: 'keep-alive' });
    assert.equal(demo.newConnectionAfterStop, 'ECONNREFUSED');
    assert.equal(demo.duringDrain.status, 200);
    assert.equal(demo.duringDrain.connection, 'close');
    assert.match(demo.duringDrain.body, /^hello from release v1, a lone process, pid \d+\n$/);
    assert.deepEqual(demo.exit, { code: 0, signal: null });
  });

  it('the Dockerfile reader joins continuation lines, skips comments and parser directives, and refuses garbage', function () {
    const instructions = parseDockerfile('# syntax=docker/dockerfile:1\n# a comment\nFROM node:20-slim AS a\nRUN echo 1 \\\n  && echo 2\n\nFROM a\nCMD ["node", "x.js"]\n');
    assert.deepEqual(
      instructions.map((i) => [i.keyword, i.args, i.line]),
      [
        ['FROM', 'node:20-slim AS a', 3],
        ['RUN', 'echo 1 && echo 2', 4],
        ['FROM', 'a', 7],
        ['CMD', '["node", "x.js"]', 8],
      ],
    );
    assert.deepEqual(
      stagesOf(instructions).map((s) => [s.base, s.name]),
      [
        ['node:20-slim', 'a'],
        ['a', null],
      ],
    );
    assert.equal(execForm('node x.js'), null);
    assert.throws(() => parseDockerfile('FROM x\nRUN a \\\n'), /continued line/);
    assert.throws(() => parseDockerfile('FROM x\n[oops]\n'), /not an instruction/);
  });
});
