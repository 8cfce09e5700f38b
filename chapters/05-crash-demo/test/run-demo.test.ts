import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { get } from '../demo/processes';
import { runDemo, selectRunners, type DemoOutcome } from '../demo/run-demo';

interface JsonResult {
  id: string;
  label: string;
  port: number;
  requests: number;
  failed: number;
  loadFailed: number;
  downtimeMs: number | null;
  recovered: boolean;
  bystanders: { ok: boolean }[];
  bystandersLost: number;
  read: { ok: boolean; outcome: string };
  samples: { outcomes: string[]; at: number[]; outcome: number[]; latencyMs: (number | null)[] };
}

const VOID_ELEMENTS = new Set(['meta', 'br', 'hr', 'img', 'input', 'link', 'wbr', 'source', 'area', 'base', 'col', 'embed', 'track']);

/** Every tag closed in order (void elements and `<x/>` aside): returns the problems found. */
function tagProblems(html: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const body = html.replace(/<!DOCTYPE html>/i, '').replace(/<style>[\s\S]*?<\/style>/, '<style></style>');
  for (const match of body.matchAll(/<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*(\/?)>/g)) {
    const [, closing, name, , selfClosing] = match as unknown as [string, string, string, string, string];
    const tag = name.toLowerCase();
    if (selfClosing === '/' || (closing === '' && VOID_ELEMENTS.has(tag))) continue;
    if (closing === '') stack.push(tag);
    else if (stack.pop() !== tag) problems.push(`</${tag}> at ${match.index} does not close the open element`);
  }
  if (stack.length > 0) problems.push(`never closed: ${stack.join(', ')}`);
  const stray = body.replace(/<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*(\/?)>/g, '').match(/[<>]/g);
  if (stray !== null) problems.push(`${stray.length} stray < or > (unescaped text or a malformed tag)`);
  return problems;
}

describe('05-crash-demo / the demo runner, reduced to node and naught-core with the guard', function () {
  this.timeout(90_000);
  let outDir: string;
  let outcome: DemoOutcome;
  const printed: string[] = [];

  before(async () => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ch05-demo-test-'));
    outcome = await runDemo({ only: ['node', 'naught-2-guard'], seconds: 3, outDir, print: (line) => printed.push(line) });
  });
  after(() => fs.rmSync(outDir, { recursive: true, force: true }));

  it('prints the two runners in a table: node never recovered, naught-core with the guard did', () => {
    const lines = outcome.table.split('\n');
    assert.equal(lines.length, 3, outcome.table);
    assert.match(lines[0] as string, /^runner\s+requests\s+failed\s+in flight lost\s+downtime ms\s+time to recovery ms\s+recovered$/);
    assert.match(lines[1] as string, /^node, directly\s+[\d,]+\s+[\d,]+\s+\d\/4\s+-\s+-\s+no$/);
    assert.match(lines[2] as string, /^naught-core, 2 workers \+ offline guard\s+[\d,]+\s+1\s+0\/4\s+0\s+0\s+yes$/);
  });

  it('showed its progress: one header per runner and a line per second of load', () => {
    assert.ok(printed.includes('[1/2] node, directly: node dist/server.js'), printed.join('\n'));
    assert.ok(printed.includes('[2/2] naught-core, 2 workers + offline guard: naught start --worker-count 2 dist/guarded-server.js'), printed.join('\n'));
    assert.ok(printed.filter((line) => /^\s+\d+\.\d s\s+ok\s+\d+\s+failed\s+\d+/.test(line)).length >= 4, printed.join('\n'));
  });

  it('writes the raw results as JSON: the same runners, every sample, the right verdicts', () => {
    assert.equal(outcome.jsonPath, path.join(outDir, 'crash-demo.json'));
    const json = JSON.parse(fs.readFileSync(outcome.jsonPath, 'utf8')) as { results: JsonResult[]; scenario: { seconds: number } };
    assert.equal(json.scenario.seconds, 3);
    assert.deepEqual(json.results.map((result) => result.id), ['node', 'naught-2-guard']);
    const [node, guard] = json.results as [JsonResult, JsonResult];
    for (const result of json.results) {
      const { at, outcome: kinds, latencyMs, outcomes } = result.samples;
      assert.ok(at.length > 50 && at.length === kinds.length && at.length === latencyMs.length, `${result.id}: ${at.length} samples`);
      assert.equal(result.requests, at.length + result.bystanders.length + 1);
      assert.ok(kinds.every((k) => outcomes[k] !== undefined));
      assert.equal(result.read.ok, false, 'the /read itself is never answered');
    }
    assert.equal(node.recovered, false);
    assert.equal(node.downtimeMs, null);
    assert.ok(node.loadFailed > 0);
    assert.ok(node.samples.outcomes.includes('ECONNREFUSED'), node.samples.outcomes.join());
    assert.equal(node.bystandersLost, node.bystanders.length, 'a single process takes every request in flight with it');
    assert.equal(guard.recovered, true);
    assert.ok(guard.failed <= 1, `the guard run failed ${guard.failed} requests`);
    assert.equal(guard.loadFailed, 0);
    assert.equal(guard.bystandersLost, 0);
    assert.equal(guard.downtimeMs, 0);
  });

  it('writes a well-formed, self-contained HTML report with one SVG timeline per runner', () => {
    assert.equal(outcome.htmlPath, path.join(outDir, 'crash-demo.html'));
    const html = fs.readFileSync(outcome.htmlPath, 'utf8');
    assert.deepEqual(tagProblems(html), []);
    assert.equal(html.match(/<svg /g)?.length, 2);
    assert.equal(html.match(/<\/svg>/g)?.length, 2);
    assert.equal(html.match(/<line class="read"/g)?.length, 2, 'the /read marked on each timeline');
    for (const label of ['node, directly', 'naught-core, 2 workers + offline guard']) assert.ok(html.includes(`<h2>${label}</h2>`), label);
    assert.doesNotMatch(html, /<script|<link|<img|<iframe|\ssrc=|\shref=|url\(|@import/i, 'nothing loaded from elsewhere');
  });

  it('left nothing listening: each runner had its own port, closed afterwards', async () => {
    const ports = outcome.report.results.map((result) => result.port);
    assert.equal(new Set(ports).size, ports.length);
    for (const port of ports) assert.equal((await get(port, '/', 1_000)).error, 'ECONNREFUSED');
  });

  it('rejects an unknown runner id, naming the known ones', () => {
    assert.throws(() => selectRunners(['pm3']), /no runner "pm3"; the runners are: node, supervisor, nodemon, pm2-fork, pm2-cluster, naught-1, naught-1-guard, naught-2, naught-2-guard/);
  });
});
