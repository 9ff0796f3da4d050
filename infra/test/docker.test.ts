import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { render } from './kustomize.js';

type PodOwner = { template: { spec: { securityContext: { runAsUser: number } } } };

const infra = fileURLToPath(new URL('../', import.meta.url));
const dockerfile = readFileSync(`${infra}Dockerfile`, 'utf8');
const entrypoint = readFileSync(`${infra}docker/entrypoint.sh`, 'utf8');
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .filter((l) => /^[A-Z]+ /.test(l));
const last = instructions.slice(instructions.findLastIndex((l) => l.startsWith('FROM ')));

describe('the Dockerfile', () => {
  it('builds in stages and ships only the pruned last one', () => {
    expect(instructions.filter((l) => l.startsWith('FROM ')).length).toBeGreaterThanOrEqual(3);
    expect(dockerfile).toMatch(/RUN pnpm fetch /);
    expect(dockerfile).toMatch(/pnpm install --offline --frozen-lockfile --prod/);
    expect(last).toContain('ARG SERVICE=gateway');
  });

  it('runs as node, the uid the Kubernetes manifests require, with a health check', () => {
    expect(last.filter((l) => l.startsWith('USER '))).toEqual(['USER node']);
    expect(last.find((l) => l.startsWith('HEALTHCHECK '))).toMatch(/healthcheck\.mjs/);
    // The official node images' `node` user is uid 1000.
    const uids = render(`${infra}k8s/base`)
      .filter((o) => o.kind === 'Deployment' || o.kind === 'Job')
      .map((o) => (o.spec as PodOwner).template.spec.securityContext.runAsUser);
    expect(new Set(uids)).toEqual(new Set([1000]));
  });

  it('starts every service the manifests and compose name', () => {
    const compose = readFileSync(`${infra}docker-compose.yml`, 'utf8');
    for (const service of ['gateway', 'users', 'knowledge', 'analytics', 'ml', 'migrate']) {
      expect(entrypoint).toMatch(new RegExp(`(^|[ |])${service}( |\\))`, 'm'));
      expect(compose).toContain(`command: [${service}]`);
    }
  });
});
