// A small kustomize for the tests: the subset of kustomization.yaml our overlays use (resources,
// namespace, labels, images, patches as strategic-merge files, config map and secret generators
// without hash suffixes). Anything else throws, so a new kustomize feature cannot be silently
// skipped by the tests.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [k: string]: unknown };
  [key: string]: unknown;
};

const SUPPORTED = new Set([
  'apiVersion',
  'kind',
  'resources',
  'namespace',
  'labels',
  'images',
  'patches',
  'configMapGenerator',
  'secretGenerator',
]);

export function readYamlObjects(file: string): K8sObject[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]!.message}`);
      return doc.toJS() as K8sObject;
    })
    .filter((o) => o !== null);
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Strategic merge as Kubernetes does it for our fields: lists of named objects merge by name. */
export function strategicMerge(base: unknown, patch: unknown): unknown {
  if (isObject(base) && isObject(patch)) {
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(patch)) out[key] = strategicMerge(base[key], value);
    return out;
  }
  const named = (list: unknown) => Array.isArray(list) && list.every((i) => isObject(i) && 'name' in i);
  if (named(base) && named(patch)) {
    const out = [...(base as Record<string, unknown>[])];
    for (const item of patch as Record<string, unknown>[]) {
      const at = out.findIndex((o) => o.name === item.name);
      if (at === -1) out.push(item);
      else out[at] = strategicMerge(out[at], item) as Record<string, unknown>;
    }
    return out;
  }
  return patch;
}

function readEnvFile(file: string): Record<string, string> {
  // kustomize fails when the file is missing; the real secrets.env is never committed, so the
  // tests render its committed .example instead.
  const path = existsSync(file) ? file : `${file}.example`;
  const entries: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const at = trimmed.indexOf('=');
    entries[trimmed.slice(0, at)] = trimmed.slice(at + 1);
  }
  return entries;
}

type Generator = {
  name: string;
  behavior?: 'create' | 'merge' | 'replace';
  literals?: string[];
  envs?: string[];
  options?: { disableNameSuffixHash?: boolean };
};

function generate(dir: string, kind: 'ConfigMap' | 'Secret', gen: Generator): K8sObject {
  if (!gen.options?.disableNameSuffixHash) throw new Error(`${gen.name}: hash suffixes are not rendered`);
  const data: Record<string, string> = {};
  for (const literal of gen.literals ?? []) {
    const at = literal.indexOf('=');
    data[literal.slice(0, at)] = literal.slice(at + 1);
  }
  for (const env of gen.envs ?? []) Object.assign(data, readEnvFile(join(dir, env)));
  const field = kind === 'Secret' ? 'stringData' : 'data';
  return {
    apiVersion: 'v1',
    kind,
    metadata: { name: gen.name },
    ...(kind === 'Secret' ? { type: 'Opaque' } : {}),
    [field]: data,
  };
}

const same = (a: K8sObject, b: { kind?: string; metadata?: { name?: string } }) =>
  a.kind === b.kind && a.metadata.name === b.metadata?.name;

/** Renders a kustomization directory into its objects, as `kubectl kustomize <dir>` would. */
export function render(dir: string): K8sObject[] {
  const [k] = readYamlObjects(join(dir, 'kustomization.yaml')) as unknown as Record<string, unknown>[];
  if (!k) throw new Error(`${dir}: empty kustomization`);
  for (const key of Object.keys(k)) if (!SUPPORTED.has(key)) throw new Error(`${dir}: unsupported ${key}`);
  let objects: K8sObject[] = [];
  for (const resource of (k.resources as string[] | undefined) ?? []) {
    const path = join(dir, resource);
    objects.push(...(statSync(path).isDirectory() ? render(path) : readYamlObjects(path)));
  }
  for (const [kind, key] of [
    ['ConfigMap', 'configMapGenerator'],
    ['Secret', 'secretGenerator'],
  ] as const) {
    for (const gen of (k[key] as Generator[] | undefined) ?? []) {
      const made = generate(dir, kind, gen);
      const at = objects.findIndex((o) => same(o, made));
      if (gen.behavior === 'merge' || gen.behavior === 'replace') {
        if (at === -1) throw new Error(`${dir}: ${gen.behavior} of missing ${kind} ${gen.name}`);
        objects[at] = gen.behavior === 'merge' ? (strategicMerge(objects[at], made) as K8sObject) : made;
      } else {
        if (at !== -1) throw new Error(`${dir}: ${kind} ${gen.name} generated twice`);
        objects.push(made);
      }
    }
  }
  for (const { path, ...rest } of (k.patches as { path: string }[] | undefined) ?? []) {
    if (Object.keys(rest).length > 0)
      throw new Error(`${dir}: only strategic-merge patch files are rendered`);
    for (const patch of readYamlObjects(join(dir, path))) {
      const at = objects.findIndex((o) => same(o, patch));
      if (at === -1) throw new Error(`${dir}: patch ${path} matches no ${patch.kind} ${patch.metadata.name}`);
      objects[at] = strategicMerge(objects[at], patch) as K8sObject;
    }
  }
  for (const { pairs } of (k.labels as { pairs: Record<string, string> }[] | undefined) ?? [])
    objects = objects.map((o) => ({
      ...o,
      metadata: { ...o.metadata, labels: { ...o.metadata.labels, ...pairs } },
    }));
  const namespace = k.namespace as string | undefined;
  if (namespace)
    objects = objects.map((o) =>
      o.kind === 'Namespace' ? o : { ...o, metadata: { ...o.metadata, namespace } },
    );
  const images = (k.images as { name: string; newName?: string; newTag?: string }[] | undefined) ?? [];
  if (images.length > 0)
    objects = objects.map((o) =>
      JSON.parse(JSON.stringify(o), (key, value) => {
        if (key !== 'image' || typeof value !== 'string') return value;
        const image = images.find((i) => value === i.name || value.startsWith(`${i.name}:`));
        if (!image) return value;
        const tag = image.newTag ?? value.split(':')[1];
        return `${image.newName ?? image.name}${tag ? `:${tag}` : ''}`;
      }),
    );
  return objects;
}
