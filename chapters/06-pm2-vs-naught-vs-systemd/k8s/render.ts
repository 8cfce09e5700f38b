/**
 * Validates the manifests of manifests.ts against the Kubernetes schemas
 * (kubernetes-models' validate(): offline, with the package's bundled
 * OpenAPI schemas) and writes them to hello.yaml:
 *
 *   npx tsx chapters/06-pm2-vs-naught-vs-systemd/k8s/render.ts
 *   kubectl apply -f chapters/06-pm2-vs-naught-vs-systemd/k8s/hello.yaml
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { manifests } from './manifests';
import { toYaml } from './yaml';

export const YAML_FILE = path.join(__dirname, 'hello.yaml');

const HEADER = [
  '# Written by render.ts from manifests.ts (edit those, then run',
  '# `npx tsx chapters/06-pm2-vs-naught-vs-systemd/k8s/render.ts`).',
  '# kubectl apply -f hello.yaml',
  '',
].join('\n');

/** The text of hello.yaml, after validating every manifest (throws on the first invalid one). */
export function renderManifests(): string {
  for (const manifest of manifests) manifest.validate();
  return HEADER + toYaml(manifests);
}

if (require.main === module) {
  const text = renderManifests();
  fs.writeFileSync(YAML_FILE, text);
  console.log(`validated ${manifests.length} manifests; wrote ${path.relative(process.cwd(), YAML_FILE)}`);
}
