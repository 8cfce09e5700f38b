import * as assert from 'node:assert/strict';
import { kubernetesDemo, type KubernetesDemo } from '../examples/05-kubernetes';
import { toYaml } from '../k8s/yaml';
import { assertLoggedLikeReadme } from './readme-output';

describe('06 Kubernetes: Deployment and Service, validated (examples/05-kubernetes.ts)', function () {
  this.timeout(30_000);

  let demo: KubernetesDemo;
  const logged: string[] = [];
  before(async function () {
    demo = await kubernetesDemo((line) => logged.push(line));
  });

  it('prints what README.md shows', function () {
    assertLoggedLikeReadme('05-kubernetes.ts', logged);
  });

  it('both manifests pass the Kubernetes OpenAPI schemas, and broken copies do not', function () {
    assert.deepEqual(demo.valid, ['Deployment hello', 'Service hello']);
    assert.equal(demo.rejected.length, 3);
    assert.match(demo.rejected[0]!.message, /maxSurge/);
    assert.match(demo.rejected[1]!.message, /selector/);
    assert.match(demo.rejected[2]!.message, /replicas/);
  });

  it("stands for naught's online, shutdown and deploy: readiness on a route the app serves, preStop + drain within the grace, all new before any old goes", function () {
    assert.equal(demo.probePath, '/healthz');
    assert.equal(demo.probeStatus, 200);
    assert.ok(demo.preStopSeconds > 0);
    assert.ok(demo.graceSeconds > demo.preStopSeconds + demo.drainSeconds, 'preStop and the drain end before the SIGKILL');
    assert.equal(demo.maxSurge, '100%');
    assert.equal(demo.maxUnavailable, 0);
    assert.ok(demo.selectorMatches);
    assert.ok(demo.targetPortIsContainerPort);
  });

  it('k8s/hello.yaml is what render.ts writes from manifests.ts', function () {
    assert.ok(demo.yamlUpToDate, 'run: npx tsx chapters/06-pm2-vs-naught-vs-systemd/k8s/render.ts');
  });

  it('toYaml writes block YAML with every string quoted', function () {
    assert.equal(
      toYaml([{ a: 'x', n: 1, t: true, z: null, empty: {}, none: [], list: ['100%', { k: 'v', w: [1] }], 'odd key': { 'app.kubernetes.io/name': 'y' } }]),
      [
        'a: "x"',
        'n: 1',
        't: true',
        'z: null',
        'empty: {}',
        'none: []',
        'list:',
        '  - "100%"',
        '  - k: "v"',
        '    w:',
        '      - 1',
        '"odd key":',
        '  app.kubernetes.io/name: "y"',
        '',
      ].join('\n'),
    );
    assert.equal(toYaml([{ a: 1 }, { b: 2 }]), 'a: 1\n---\nb: 2\n');
  });
});
