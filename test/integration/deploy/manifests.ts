/**
 * Shared plumbing of the deploy suite: where the manifests are, rendering them with the real
 * `kubectl kustomize` (the kustomize built into kubectl, what `kubectl apply -k` uses), and
 * reading the YAML blocks of SECURITY.md and docs/deploy.md so the manifests can be compared with them.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import type { Kubectl } from '../../support/kubectl.ts';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const DEPLOY = fileURLToPath(new URL('../../../deploy/', import.meta.url));
export const MEMBER = fileURLToPath(new URL('../../../deploy/member-cluster/', import.meta.url));
export const WATCHER = fileURLToPath(new URL('../../../deploy/member-cluster/watcher/', import.meta.url));

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [key: string]: unknown;
}

export function parseManifests(text: string): Manifest[] {
  return parseAllDocuments(text).map((d) => {
    if (d.errors.length > 0) throw new Error(`not valid YAML: ${d.errors[0]!.message}`);
    return d.toJS() as Manifest;
  }).filter((m) => m !== null);
}

/** `kubectl kustomize DIR`, parsed. The context is irrelevant (kustomize reads no cluster). */
export async function render(kubectl: Kubectl, context: string, dir: string): Promise<Manifest[]> {
  return parseManifests(await kubectl.ok(context, ['kustomize', dir]));
}

export function find(manifests: readonly Manifest[], kind: string, name: string): Manifest {
  const m = manifests.find((x) => x.kind === kind && x.metadata.name === name);
  if (!m) throw new Error(`no ${kind} ${name} in the rendered manifests (have ${manifests.map((x) => `${x.kind}/${x.metadata.name}`).join(', ')})`);
  return m;
}

/** Every document of every ```yaml block of a Markdown file (`path` from the project's root), parsed. */
export async function markdownYaml(path: string): Promise<unknown[]> {
  const text = await readFile(new URL(path, new URL('../../../', import.meta.url)), 'utf8');
  return [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].flatMap((m) => parseManifests(m[1]!) as unknown[]);
}

/** The RBAC objects of SECURITY.md's ```yaml blocks. */
export async function securityMdManifests(): Promise<Manifest[]> {
  return (await markdownYaml('SECURITY.md')).filter((d): d is Manifest => {
    const m = d as Partial<Manifest> | null;
    return typeof m === 'object' && m !== null && typeof m.kind === 'string' && m.apiVersion?.startsWith('rbac.authorization.k8s.io/') === true;
  });
}

/** What RBAC decides by: kind, name, rules, roleRef and subjects (not labels or comments). */
export function rbacMeaning(m: Manifest): Record<string, unknown> {
  return { apiVersion: m.apiVersion, kind: m.kind, name: m.metadata.name, rules: m['rules'], roleRef: m['roleRef'], subjects: m['subjects'] };
}
