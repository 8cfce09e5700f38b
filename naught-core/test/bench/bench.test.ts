// `make bench` in its quickest form, on one scenario with tiny parameters:
// checks that the page, the raw JSON and the charts are written with the
// expected structure. Never speed: no figure is compared with a target here.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NAUGHT_CORE_ROOT } from '../helpers/naught';

const REPO_ROOT = path.resolve(NAUGHT_CORE_ROOT, '..');
const BENCH_MAIN = path.join(NAUGHT_CORE_ROOT, 'bench', 'main.ts');

interface Stat {
  min: number;
  median: number;
  max: number;
  values: number[];
}

function runBench(outDir: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', BENCH_MAIN], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        BENCH_QUICK: '1',
        BENCH_SCENARIOS: 'deploys',
        BENCH_VARIANTS: 'naught-core',
        BENCH_REPS: '1',
        BENCH_DEPLOYS: '2',
        BENCH_OUT_DIR: outDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (data: string) => (output += data));
    child.stderr.setEncoding('utf8').on('data', (data: string) => (output += data));
    const timer = setTimeout(() => child.kill('SIGINT'), 100_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

function assertStat(value: unknown, what: string): asserts value is Stat {
  assert.ok(value !== null && typeof value === 'object', `${what} is a min/median/max`);
  const stat = value as Stat;
  for (const key of ['min', 'median', 'max'] as const) assert.equal(typeof stat[key], 'number', `${what}.${key}`);
  assert.ok(stat.min <= stat.median && stat.median <= stat.max, `${what}: min <= median <= max`);
  assert.ok(Array.isArray(stat.values) && stat.values.length >= 1, `${what}.values`);
}

describe('make bench (quickest mode, one scenario)', function () {
  this.timeout(120_000);
  let outDir = '';

  before(() => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'naught-bench-test-'));
  });
  after(() => {
    fs.rmSync(outDir, { recursive: true, force: true });
  });

  it('deploys under load with 2 deploys: writes benchmarks.md, the JSON and the charts', async () => {
    const run = await runBench(outDir);
    assert.equal(run.code, 0, `the bench failed:\n${run.output}`);

    const json = JSON.parse(fs.readFileSync(path.join(outDir, 'benchmarks', 'results.json'), 'utf8'));
    assert.equal(json.meta.mode, 'quick');
    assert.equal(json.meta.repetitions, 1);
    assert.equal(json.meta.machine.node, process.version);
    assert.equal(json.meta.machine.cores, os.availableParallelism());
    assert.equal(json.meta.loadAverageStart.length, 3);
    assert.equal(json.meta.leftoverProcesses, 0, 'every process was stopped by its manager');
    for (const other of ['throughput', 'crash', 'startup', 'logs', 'naught160']) assert.equal(json[other], null, `${other} did not run`);

    assert.deepEqual(
      json.deploys.variants.map((variant: { id: string }) => variant.id),
      ['naught-core'],
    );
    const variant = json.deploys.variants[0];
    assert.deepEqual(variant.errors, []);
    assert.equal(variant.runs.length, 1);
    const [only] = variant.runs;
    assert.equal(only.rep, 1);
    assert.equal(only.deployCount, 2);
    assert.equal(only.deploys.length, 2);
    for (const deploy of only.deploys) {
      assert.equal(typeof deploy.ms, 'number');
      assert.equal(typeof deploy.failed, 'number');
      assert.equal(typeof deploy.ok, 'boolean');
    }
    assert.ok(only.requests > 0, 'the load was answered');
    for (const key of ['failed', 'errors', 'timeouts', 'non2xx', 'deployMs']) assertStat(variant.summary[key], `summary.${key}`);
    assert.equal(variant.summary.deployMs.values.length, 2, 'one duration per deploy');

    assert.equal(json.targets.length, 6);
    for (const target of json.targets) {
      assert.equal(typeof target.target, 'string');
      assert.equal(typeof target.figure, 'string');
      assert.ok(target.met === null || typeof target.met === 'boolean');
    }
    assert.equal(typeof json.targets[0].met, 'boolean', 'the deploy target is checked');
    assert.equal(json.targets[2].met, null, 'throughput was not measured');

    const charts = fs.readdirSync(path.join(outDir, 'benchmarks')).filter((file) => file.endsWith('.svg')).sort();
    assert.deepEqual(charts, ['deploy-duration.svg', 'deploy-failures.svg']);
    for (const chart of charts) {
      const svg = fs.readFileSync(path.join(outDir, 'benchmarks', chart), 'utf8');
      assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>/);
      assert.match(svg, /<\/svg>\n$/);
      assert.match(svg, />naught-core</, `${chart} has a row for naught-core`);
    }

    const page = fs.readFileSync(path.join(outDir, 'benchmarks.md'), 'utf8');
    assert.match(page, /^# Benchmarks/);
    assert.match(page, /Quick smoke run/);
    for (const heading of ['## The targets', '## The machine', '## naught 1.6.0 on this Node', '## 2. Deploys under load', '## Reproduce']) {
      assert.ok(page.includes(`\n${heading}\n`), `the page has "${heading}"`);
    }
    assert.ok(page.includes(`| Node.js | ${process.version} |`), 'the page names the Node version');
    assert.ok(page.includes('naught-core (handleShutdown + guardCrashes)'), 'the page has the naught-core row');
    assert.ok(page.includes('](benchmarks/deploy-failures.svg)') && page.includes('](benchmarks/deploy-duration.svg)'), 'the page shows both charts');
    assert.ok(!page.includes('## 1. Throughput'), 'no section for a scenario that did not run');
  });
});
