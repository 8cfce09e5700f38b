/**
 * One module, two runtimes. The same list of calls runs against your
 * deploy-form.js in plain `node` (a child process, no TypeScript loader) and
 * in a browserify bundle of it, in headless Chromium. Node's answers must be
 * right, and the browser's must be exactly Node's.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { subjectPath } from '../../shared/subject';
import { bundleFile, openPageWithBundle, type Bundle, type OpenPage } from './browser';
import { allCalls, BAD_FORMS, BAD_TOKENS, describeCall, EVALUATE_CALLS, expectedToken, GOOD_FORMS, type Call, type Outcome } from './cases';

const EXERCISE_DIR = path.resolve(__dirname, '..');
const EXPOSED_AS = 'deploy-form';

/** Requires the module in a plain `node` process (NODE_OPTIONS cleared: no tsx) and runs the calls there. */
function runInNode(modulePath: string, calls: Call[]): Outcome[] {
  const script = `${EVALUATE_CALLS}
const calls = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
process.stdout.write(JSON.stringify(evaluateCalls(require(process.argv[1]), calls)));`;
  const run = spawnSync(process.execPath, ['-e', script, modulePath], {
    input: JSON.stringify(calls),
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
    timeout: 20_000,
  });
  assert.equal(run.status, 0, `plain \`node\` could not require deploy-form.js (is it CommonJS, with module.exports?):\n${run.stderr}`);
  return JSON.parse(run.stdout) as Outcome[];
}

function outcomeOf(calls: Call[], outcomes: Outcome[], call: Call): Outcome {
  const outcome = outcomes[calls.indexOf(call)];
  assert.ok(outcome !== undefined, `no outcome for ${describeCall(call)}`);
  return outcome;
}

/** What a call returned; fails the check, with the call in the message, when it threw. */
function returned(outcome: Outcome, call: Call): unknown {
  assert.ok('returned' in outcome, `${describeCall(call)} threw: ${'threw' in outcome ? outcome.threw : ''}`);
  return outcome.returned;
}

describe('exercise 04: deploy-form.js', function () {
  this.timeout(60_000);
  const calls = allCalls();
  let modulePath: string;
  let inNode: Outcome[] = [];
  const find = (fn: Call['fn'], arg: unknown): Call => {
    const call = calls.find((candidate) => candidate.fn === fn && candidate.arg === arg);
    assert.ok(call !== undefined, `no call ${fn}(${JSON.stringify(arg)}) in the list`);
    return call;
  };

  before(function () {
    modulePath = subjectPath(EXERCISE_DIR, 'deploy-form.js');
  });

  describe('in plain node:', function () {
    before(function () {
      inNode = runInNode(modulePath, calls);
    });

    it('validateDeploy accepts good forms and returns their value: trimmed app, numbers for workers and port, note "" when missing', function () {
      for (const { form, value } of GOOD_FORMS) {
        const call = find('validateDeploy', form);
        assert.deepEqual(returned(outcomeOf(calls, inNode, call), call), { ok: true, value }, `${describeCall(call)} should return ${JSON.stringify({ ok: true, value })}`);
      }
    });

    it('validateDeploy refuses bad forms, naming in `errors` exactly the wrong fields', function () {
      for (const { form, wrong } of BAD_FORMS) {
        const call = find('validateDeploy', form);
        const result = returned(outcomeOf(calls, inNode, call), call) as { ok?: unknown; errors?: Record<string, unknown> };
        assert.equal(result.ok, false, `${describeCall(call)} should return ok: false, got ${JSON.stringify(result)}`);
        const named = Object.keys(result.errors ?? {}).sort();
        assert.deepEqual(named, wrong, `${describeCall(call)} should name the fields ${JSON.stringify(wrong)} in errors, it named ${JSON.stringify(named)}`);
        for (const field of named) assert.equal(typeof result.errors?.[field], 'string', `errors.${field} should be a message (a string)`);
      }
    });

    it('deployToken gives the base64url (no padding) of the JSON of the value, and null for a bad form', function () {
      const tokens = GOOD_FORMS.map(({ value }) => expectedToken(value)).join('');
      assert.ok(/-/.test(tokens) && /_/.test(tokens), 'the checker should test tokens with - and _'); // a check of the checks
      for (const { form, value } of GOOD_FORMS) {
        const call = find('deployToken', form);
        assert.equal(returned(outcomeOf(calls, inNode, call), call), expectedToken(value), `${describeCall(call)} should be the base64url of ${JSON.stringify(value)}`);
      }
      for (const { form } of BAD_FORMS) {
        const call = find('deployToken', form);
        assert.equal(returned(outcomeOf(calls, inNode, call), call), null, `${describeCall(call)} should return null: the form is not valid`);
      }
    });

    it('readDeployToken reads a token back into the value, and returns null for anything that is not a valid token', function () {
      for (const { value } of GOOD_FORMS) {
        const call = find('readDeployToken', expectedToken(value));
        assert.deepEqual(returned(outcomeOf(calls, inNode, call), call), value, `${describeCall(call)} should give back ${JSON.stringify(value)}`);
      }
      for (const { token, why } of BAD_TOKENS) {
        const call = find('readDeployToken', token);
        assert.equal(returned(outcomeOf(calls, inNode, call), call), null, `${describeCall(call)} should return null (${why})`);
      }
    });
  });

  describe('bundled by browserify, in headless Chromium:', function () {
    let bundle: Bundle;
    let opened: OpenPage | undefined;

    before(function () {
      // Normally done by the Node checks' hook; again here when only these checks run (mocha --grep).
      if (inNode.length === 0) inNode = runInNode(modulePath, calls);
    });

    after(async function () {
      await opened?.close();
    });

    it("browserify's API bundles deploy-form.js as it is, and the page can require('deploy-form')", async function () {
      try {
        bundle = await bundleFile(modulePath, EXPOSED_AS);
      } catch (error) {
        assert.fail(`browserify could not bundle deploy-form.js: ${error instanceof Error ? error.message : String(error)}`);
      }
      assert.ok(bundle.files.includes(modulePath), `the bundle should contain ${modulePath}; it has: ${bundle.files.join(', ')}`);
      opened = await openPageWithBundle(bundle.source);
      const exported = await opened.page.evaluate(`Object.keys(require(${JSON.stringify(EXPOSED_AS)})).sort().join(', ')`);
      assert.equal(exported, 'deployToken, readDeployToken, validateDeploy', 'in the page, the module should export validateDeploy, deployToken and readDeployToken');
      assert.deepEqual(opened.errors, [], 'the page should load without errors');
    });

    it('in Chromium, every call gives exactly what it gives in Node, and none throws', async function () {
      assert.ok(opened !== undefined, 'the page was not opened (see the check above)');
      const inBrowser = (await opened.page.evaluate(`(${EVALUATE_CALLS})(require(${JSON.stringify(EXPOSED_AS)}), ${JSON.stringify(calls)})`)) as Outcome[];
      const differences: string[] = [];
      const throwing: string[] = [];
      calls.forEach((call, index) => {
        const node = inNode[index];
        const browser = inBrowser[index];
        if (node !== undefined && 'threw' in node) throwing.push(`${describeCall(call)} threw in Node: ${node.threw}`);
        if (browser !== undefined && 'threw' in browser) throwing.push(`${describeCall(call)} threw in the browser: ${browser.threw}`);
        try {
          assert.deepEqual(browser, node);
        } catch {
          differences.push(`${describeCall(call)}\n      Node:    ${JSON.stringify(node)}\n      browser: ${JSON.stringify(browser)}`);
        }
      });
      assert.deepEqual(throwing, [], `these functions must never throw:\n  ${throwing.slice(0, 5).join('\n  ')}${throwing.length > 5 ? `\n  ... and ${throwing.length - 5} more` : ''}`);
      assert.equal(differences.length, 0, `${differences.length} of ${calls.length} calls gave a different result in the browser:\n  ${differences.slice(0, 5).join('\n  ')}`);
      assert.deepEqual(opened.errors, [], 'the page should report no errors');
    });
  });
});
