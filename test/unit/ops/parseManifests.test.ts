/** Manifests in, objects out; every problem listed at once, each naming its document and line. */
import { describe, expect, test } from 'vitest';
import { InputError } from '../../../src/loaders/InputError.ts';
import { ManifestError } from '../../../src/ops/ManifestError.ts';
import { parseManifests } from '../../../src/ops/parseManifests.ts';

function problemsOf(text: string, namespace?: string | null, limits?: { maxBytes?: number; maxObjects?: number }): ManifestError {
  try {
    parseManifests(text, namespace, limits);
  } catch (e) {
    if (e instanceof ManifestError) return e;
    throw e;
  }
  throw new Error('expected a ManifestError');
}

const cm = (name: string, extra = '') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${extra}`;

describe('parseManifests', () => {
  test('reads multi-document YAML in order, with where each object came from', () => {
    const objects = parseManifests(`${cm('a')}---\n# a comment only\n---\n${cm('b', 'data:\n  k: v\n')}`, 'shop');
    expect(objects.map((o) => [o.kind, o.name, o.namespace, o.document, o.line])).toEqual([
      ['ConfigMap', 'a', 'shop', 1, 1],
      ['ConfigMap', 'b', 'shop', 3, 8],
    ]);
    expect(objects[1]?.object).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' }, data: { k: 'v' } });
  });

  test('reads JSON, a JSON List and a YAML List', () => {
    const json = JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'x' } });
    expect(parseManifests(json).map((o) => [o.kind, o.name, o.namespace])).toEqual([['Deployment', 'd', 'x']]);
    const list = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } }, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }] });
    expect(parseManifests(list).map((o) => [o.kind, o.name, o.item])).toEqual([['Namespace', 'n', 1], ['ConfigMap', 'c', 2]]);
    const yamlList = 'apiVersion: v1\nkind: ConfigMapList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: { name: why }\n';
    expect(parseManifests(yamlList).map((o) => o.name)).toEqual(['why']);
    expect(() => parseManifests(yamlList.replace('why', 'y'))).toThrow('ConfigMap: metadata.name must be a string, got boolean "true" (YAML reads y, yes, on, true... as booleans, as kubectl does: quote the name)');
  });

  test('reads YAML as kubectl does (1.1): octal modes and yes/no booleans', () => {
    const [o] = parseManifests(`${cm('m')}data:\n  mode: 0644\n  enabled: yes\n  when: 2024-01-02\n`);
    expect(o?.object.data).toEqual({ mode: 420, enabled: true, when: '2024-01-02T00:00:00Z' });
  });

  test('empty input, or only comments, is refused', () => {
    expect(problemsOf('').message).toBe('manifests: 1 problem, nothing was written: no objects: the manifests are empty (or hold only comments and empty documents)');
    expect(problemsOf('# nothing\n---\n---\n').problems).toHaveLength(1);
  });

  test('lists every problem at once: syntax errors with document and line, missing fields, duplicates', () => {
    const text = [
      cm('ok'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n',
      'kind: Secret\nmetadata:\n  name: s\n',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: g-\n',
      'apiVersion: v1\nmetadata:\n  name: x\n',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n',
      cm('ok'),
      '- just\n- a list\n',
    ].join('---\n');
    const e = problemsOf(text);
    expect(e).toBeInstanceOf(InputError);
    expect(e.problems.map((p) => [p.document, p.line])).toEqual([
      [2, 10], [3, 11], [4, 15], [5, 20], [6, 28], [8, 35], [7, 30],
    ]);
    expect(e.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^Flow sequence .* at line 10, column/),
      'Secret "s": apiVersion is missing',
      'ConfigMap: metadata.name is missing (generateName cannot be applied: apply needs a name)',
      'object "x": kind is missing',
      expect.stringMatching(/^Map keys must be unique at line 28/),
      'a document must be an object (a mapping), got a list',
      'ConfigMap "ok" appears twice (first in document 1 (line 1)); each object may appear once',
    ]);
    expect(e.message).toMatch(/^manifests: 7 problems, nothing was written: document 2 \(line 10\): Flow sequence/);
  });

  test('a namespace argument contradicting the manifest is refused; agreeing is fine', () => {
    const text = `${cm('a', '  namespace: prod\n')}`;
    expect(problemsOf(text, 'staging').problems.map((p) => p.message)).toEqual([
      'ConfigMap "a": metadata.namespace "prod" contradicts the namespace argument "staging"; drop one of them',
    ]);
    expect(parseManifests(text, 'prod')[0]?.namespace).toBe('prod');
    expect(parseManifests(text)[0]?.namespace).toBe('prod');
    expect(parseManifests(cm('a'))[0]?.namespace).toBeNull();
  });

  test('bad names, namespaces, apiVersions and kinds are named', () => {
    const e = problemsOf([
      'apiVersion: apps/v1/x\nkind: Deployment\nmetadata: { name: d }\n',
      'apiVersion: v1\nkind: "Config Map"\nmetadata: { name: c }\n',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: "../etc", namespace: "Not_Valid" }\n',
    ].join('---\n'));
    expect(e.problems.map((p) => p.message)).toEqual([
      'Deployment "d": apiVersion "apps/v1/x" is not a group/version such as apps/v1 or v1',
      'Config Map "c": kind "Config Map" is not a kind name such as Deployment',
      expect.stringContaining('ConfigMap: metadata.name "../etc" cannot be an object name: it may not contain'),
      expect.stringContaining('ConfigMap: metadata.namespace: "Not_Valid" is not a namespace name'),
    ]);
    expect(() => parseManifests(cm('a'), '../../etc')).toThrow(/^namespace: "..\/..\/etc" is not a namespace name/);
  });

  test('oversize input is refused before it is parsed; too many objects too', () => {
    const big = cm('a', `data:\n  k: ${'x'.repeat(2000)}\n`);
    expect(problemsOf(big, null, { maxBytes: 1000 }).message).toMatch(/^manifests: 1 problem, nothing was written: the manifests are \d+ bytes, over the limit of 1000 bytes/);
    const many = Array.from({ length: 4 }, (_, i) => cm(`c${i}`)).join('---\n');
    expect(problemsOf(many, null, { maxObjects: 3 }).message).toContain('4 objects, over the limit of 3 per request');
  });

  test('echoes of huge values are capped and the list of problems is too', () => {
    const longName = 'n'.repeat(300_000);
    const e = problemsOf(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${longName}\n`);
    expect(e.message.length).toBeLessThan(400);
    const many = Array.from({ length: 50 }, () => 'kind: ConfigMap\nmetadata: { name: x }\n').join('---\n');
    const m = problemsOf(many);
    expect(m.problems).toHaveLength(50);
    expect(m.message).toMatch(/; and 30 more$/);
    expect(m.message.length).toBeLessThan(5000);
  });
});
