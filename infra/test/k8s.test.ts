import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { gatewayEnv } from '../../gateway/src/env.js';
import { analyticsEnv } from '../../subgraphs/analytics/src/env.js';
import { knowledgeEnv } from '../../subgraphs/knowledge/src/env.js';
import { mlEnv } from '../../subgraphs/ml/src/env.js';
import { usersEnv } from '../../subgraphs/users/src/env.js';
import { type K8sObject, render, strategicMerge } from './kustomize.js';

const k8s = fileURLToPath(new URL('../k8s/', import.meta.url));
const repo = fileURLToPath(new URL('../../', import.meta.url));

/** Each service's port as its own env schema defaults it (a container runs one service alone). */
const SERVICES = {
  gateway: { variable: 'PORT', port: gatewayEnv.PORT.parse(undefined) },
  users: { variable: 'USERS_PORT', port: usersEnv.USERS_PORT.parse(undefined) },
  knowledge: { variable: 'KNOWLEDGE_PORT', port: knowledgeEnv.KNOWLEDGE_PORT.parse(undefined) },
  analytics: { variable: 'ANALYTICS_PORT', port: analyticsEnv.ANALYTICS_PORT.parse(undefined) },
  ml: { variable: 'ML_PORT', port: mlEnv.ML_PORT.parse(undefined) },
} as const;
const SUBGRAPHS = ['users', 'knowledge', 'analytics', 'ml'] as const;

/** The paths kit's service server (gateway and subgraphs alike) answers, read from its source. */
const served = [
  ...readFileSync(`${repo}packages/kit/src/server/service-server.ts`, 'utf8').matchAll(
    /url\.pathname === '(\/[a-z]+)'/g,
  ),
].map((m) => m[1]);

// biome-ignore lint/suspicious/noExplicitAny: manifests are untyped YAML walked by path
type Any = any;
type Container = Any;

const RENDERS = {
  base: render(`${k8s}base`),
  production: render(`${k8s}overlays/production`),
  development: render(`${k8s}overlays/development`),
};

const byKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);
const find = (objects: K8sObject[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name) as Any;
const podSpec = (o: Any) => (o.kind === 'Job' ? o.spec.template.spec : o.spec.template.spec);
const workloads = (objects: K8sObject[]) =>
  objects.filter((o) => ['Deployment', 'StatefulSet', 'Job'].includes(o.kind)) as Any[];
const matches = (selector: Record<string, string> | undefined, labels: Record<string, string>) =>
  selector !== undefined && Object.entries(selector).every(([k, v]) => labels[k] === v);

async function validate(object: K8sObject): Promise<string | undefined> {
  const [group, version] = object.apiVersion.includes('/')
    ? object.apiVersion.split('/')
    : ['', object.apiVersion];
  const module = group === '' ? `${version}/${object.kind}` : `${group}/${version}/${object.kind}`;
  const models = await import(/* @vite-ignore */ `kubernetes-models/${module}`);
  try {
    new models[object.kind](object).validate();
    return undefined;
  } catch (error) {
    return `${object.kind}/${object.metadata.name}: ${(error as Error).message}`;
  }
}

/** Every broken invariant in a rendered set of objects, as sentences. */
function problems(objects: K8sObject[]): string[] {
  const out: string[] = [];
  for (const w of workloads(objects)) {
    const spec = podSpec(w);
    const id = `${w.kind}/${w.metadata.name}`;
    if (spec.securityContext?.runAsNonRoot !== true) out.push(`${id}: pod not runAsNonRoot`);
    if (spec.hostNetwork || spec.hostPID) out.push(`${id}: host namespaces`);
    for (const c of [...(spec.initContainers ?? []), ...spec.containers] as Container[]) {
      const uid = c.securityContext?.runAsUser ?? spec.securityContext?.runAsUser;
      if (uid === undefined || uid === 0) out.push(`${id}/${c.name}: uid ${uid ?? 'from the image'}`);
      if (c.securityContext?.runAsNonRoot === false) out.push(`${id}/${c.name}: runAsNonRoot false`);
      if (c.securityContext?.allowPrivilegeEscalation !== false) out.push(`${id}/${c.name}: may escalate`);
      if (c.securityContext?.privileged) out.push(`${id}/${c.name}: privileged`);
      if (!c.securityContext?.capabilities?.drop?.includes('ALL'))
        out.push(`${id}/${c.name}: keeps capabilities`);
      const r = c.resources ?? {};
      if (!r.requests?.cpu || !r.requests?.memory || !r.limits?.memory)
        out.push(`${id}/${c.name}: needs cpu and memory requests and a memory limit`);
    }
  }
  for (const d of byKind(objects, 'Deployment') as Any[]) {
    const labels = d.spec.template.metadata.labels;
    if (
      !byKind(objects, 'PodDisruptionBudget').some((p: Any) => matches(p.spec.selector.matchLabels, labels))
    )
      out.push(`Deployment/${d.metadata.name}: no PodDisruptionBudget`);
    if (
      !byKind(objects, 'HorizontalPodAutoscaler').some(
        (h: Any) => h.spec.scaleTargetRef.name === d.metadata.name,
      )
    )
      out.push(`Deployment/${d.metadata.name}: no HorizontalPodAutoscaler`);
    const service = SERVICES[d.metadata.name as keyof typeof SERVICES];
    if (!service) continue;
    const c = d.spec.template.spec.containers[0];
    const http = c.ports?.find((p: Any) => p.name === 'http');
    const env = c.env?.find((e: Any) => e.name === service.variable);
    const expected = env ? Number(env.value) : service.port;
    if (http?.containerPort !== expected)
      out.push(
        `Deployment/${d.metadata.name}: port ${http?.containerPort}, the service listens on ${expected}`,
      );
    const probe = (name: string) => c[name]?.httpGet;
    for (const [name, path] of [
      ['startupProbe', '/healthz'],
      ['livenessProbe', '/healthz'],
      ['readinessProbe', '/readyz'],
    ] as const) {
      const get = probe(name);
      const port = get?.port === 'http' ? http?.containerPort : get?.port;
      if (get?.path !== path || port !== expected)
        out.push(`Deployment/${d.metadata.name}: ${name} ${get?.path}:${port}, want ${path}:${expected}`);
    }
    const svc = find(objects, 'Service', d.metadata.name);
    const sp = svc?.spec.ports.find((p: Any) => p.name === 'http');
    if (!svc || !matches(svc.spec.selector, labels) || sp?.port !== expected || sp?.targetPort !== 'http')
      out.push(`Service/${d.metadata.name}: must select its pods on port ${expected}`);
  }
  // Who may reach each subgraph: the union of the ingress rules of the policies that select it.
  const policies = byKind(objects, 'NetworkPolicy') as Any[];
  const deny = policies.find((p) => Object.keys(p.spec.podSelector).length === 0 && !p.spec.ingress);
  if (!deny) out.push('NetworkPolicy: no default deny of ingress');
  for (const name of SUBGRAPHS) {
    const labels = find(objects, 'Deployment', name)?.spec.template.metadata.labels ?? {};
    const allowedPeers = name === 'knowledge' ? ['gateway', 'ml'] : ['gateway'];
    for (const p of policies.filter((p) => matches(p.spec.podSelector.matchLabels ?? {}, labels))) {
      for (const rule of p.spec.ingress ?? []) {
        if (!rule.from?.length) out.push(`NetworkPolicy/${p.metadata.name}: lets anyone reach ${name}`);
        for (const peer of rule.from ?? []) {
          const who = peer.podSelector?.matchLabels?.['app.kubernetes.io/name'];
          const ns = peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'];
          const ok =
            peer.ipBlock === undefined &&
            ((ns === undefined && allowedPeers.includes(who)) ||
              (ns === 'monitoring' && who === 'prometheus'));
          if (!ok) out.push(`NetworkPolicy/${p.metadata.name}: lets ${JSON.stringify(peer)} reach ${name}`);
        }
      }
    }
  }
  return out;
}

describe('Kubernetes manifests', () => {
  it('reads the probe paths from the service server the services run', () => {
    expect(served).toEqual(expect.arrayContaining(['/graphql', '/healthz', '/readyz']));
  });

  for (const [name, objects] of Object.entries(RENDERS)) {
    it(`${name}: every object is valid against the Kubernetes schemas`, async () => {
      expect(objects.length).toBeGreaterThan(20);
      const errors = (await Promise.all(objects.map(validate))).filter(Boolean);
      expect(errors).toEqual([]);
    });

    it(`${name}: keeps the invariants (ports, probes, resources, PDBs, non-root, network policy)`, () => {
      expect(problems(objects)).toEqual([]);
      for (const d of byKind(objects, 'Deployment') as Any[])
        for (const p of ['startupProbe', 'livenessProbe', 'readinessProbe'])
          expect(served).toContain(d.spec.template.spec.containers[0][p].httpGet.path);
    });
  }

  it('has a Deployment per service and wires the subgraph URLs to their Services', () => {
    const objects = RENDERS.production;
    expect(
      byKind(objects, 'Deployment')
        .map((d) => d.metadata.name)
        .sort(),
    ).toEqual(Object.keys(SERVICES).sort());
    const config = find(objects, 'ConfigMap', 'ukp-config').data;
    const urls = Object.fromEntries(config.SUBGRAPH_URLS.split(',').map((pair: string) => pair.split('=')));
    for (const name of SUBGRAPHS) expect(urls[name]).toBe(`http://${name}:${SERVICES[name].port}/graphql`);
    expect(config.ML_KNOWLEDGE_URL).toBe(`http://knowledge:${SERVICES.knowledge.port}/graphql`);
  });

  it('gives each overlay the secrets production refuses to start without, never empty', () => {
    for (const objects of [RENDERS.production, RENDERS.development]) {
      const secret = find(objects, 'Secret', 'ukp-secrets');
      for (const key of ['DATABASE_URL', 'REDIS_URL', 'JWT_SECRET', 'TOTP_ENCRYPTION_KEY', 'METRICS_TOKEN'])
        expect(secret.stringData[key], key).toMatch(/\S/);
      for (const w of workloads(objects).filter(
        (w) => w.metadata.labels?.['app.kubernetes.io/part-of'] === 'ukp',
      ))
        expect(JSON.stringify(podSpec(w))).toMatch(/"secretRef":\{"name":"(ukp-secrets|postgres)"\}/);
    }
  });

  it('serves only /graphql publicly, over TLS, from the gateway', () => {
    const ingress = find(RENDERS.production, 'Ingress', 'gateway');
    const hosts = ingress.spec.rules.map((r: Any) => r.host);
    expect(ingress.spec.tls.flatMap((t: Any) => t.hosts)).toEqual(expect.arrayContaining(hosts));
    const paths = ingress.spec.rules.flatMap((r: Any) => r.http.paths);
    expect(paths.map((p: Any) => [p.path, p.backend.service.name])).toEqual([['/graphql', 'gateway']]);
  });

  it('runs production on the pinned image in its own namespace, migrations as a Job', () => {
    const objects = RENDERS.production;
    expect(objects.every((o) => o.kind === 'Namespace' || o.metadata.namespace === 'ukp')).toBe(true);
    for (const w of workloads(objects)) expect(podSpec(w).containers[0].image).toBe('ghcr.io/ukp/ukp:0.1.0');
    expect(podSpec(find(objects, 'Job', 'migrate')).containers[0].args).toEqual(['migrate']);
    expect(find(objects, 'HorizontalPodAutoscaler', 'gateway').spec.minReplicas).toBe(3);
  });

  it('adds PostgreSQL and Redis to development as StatefulSets with volume claims', () => {
    const objects = RENDERS.development;
    for (const name of ['postgres', 'redis']) {
      const set = find(objects, 'StatefulSet', name);
      expect(set.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toMatch(/Gi$/);
      expect(find(objects, 'Service', name).spec.clusterIP).toBe('None');
    }
    const secret = find(objects, 'Secret', 'ukp-secrets').stringData;
    expect(secret.DATABASE_URL).toContain('@postgres:5432/');
    expect(find(objects, 'ConfigMap', 'ukp-config').data.TRUSTED_DOCUMENTS).toBe('off');
    expect(find(RENDERS.production, 'ConfigMap', 'ukp-config').data.TRUSTED_DOCUMENTS).toBe('enforce');
  });

  // The checks above pass on our manifests; these show each one fails on a manifest that breaks it.
  describe('the invariant checks catch', () => {
    const patched = (kind: string, name: string, patch: unknown) =>
      RENDERS.production.map((o) =>
        o.kind === kind && o.metadata.name === name ? (strategicMerge(o, patch) as K8sObject) : o,
      );
    const container = (fields: unknown) => ({
      spec: { template: { spec: { containers: [{ name: 'users', ...(fields as object) }] } } },
    });

    it('a probe on the wrong path or port', () => {
      expect(
        problems(
          patched(
            'Deployment',
            'users',
            container({ readinessProbe: { httpGet: { path: '/healthz', port: 'http' } } }),
          ),
        ),
      ).toEqual(['Deployment/users: readinessProbe /healthz:4001, want /readyz:4001']);
      expect(
        problems(
          patched('Deployment', 'users', container({ ports: [{ name: 'http', containerPort: 4000 }] })),
        ),
      ).toContain('Deployment/users: port 4000, the service listens on 4001');
    });

    it('a container without resources, or that may run as root', () => {
      expect(problems(patched('Deployment', 'users', container({ resources: { limits: null } })))).toEqual([
        'Deployment/users/users: needs cpu and memory requests and a memory limit',
      ]);
      expect(
        problems(
          patched('Job', 'migrate', { spec: { template: { spec: { securityContext: { runAsUser: 0 } } } } }),
        ),
      ).toEqual(['Job/migrate/migrate: uid 0']);
    });

    it('a Deployment without a PDB, and a subgraph reachable from elsewhere', () => {
      const withoutPdb = RENDERS.production.filter(
        (o) => !(o.kind === 'PodDisruptionBudget' && o.metadata.name === 'ml'),
      );
      expect(problems(withoutPdb)).toEqual(['Deployment/ml: no PodDisruptionBudget']);
      const open = patched('NetworkPolicy', 'knowledge-from-ml', {
        spec: {
          ingress: [{ from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'users' } } }] }],
        },
      });
      expect(problems(open)).toEqual([
        'NetworkPolicy/knowledge-from-ml: lets {"podSelector":{"matchLabels":{"app.kubernetes.io/name":"users"}}} reach knowledge',
      ]);
    });

    it('an object the Kubernetes schemas refuse', async () => {
      const broken = { ...find(RENDERS.production, 'Deployment', 'users'), spec: { replicas: 'three' } };
      expect(await validate(broken)).toMatch(/Deployment\/users: .*(selector|template|replicas)/);
    });
  });
});
