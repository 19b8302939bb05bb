import { describe, expect, it } from 'vitest';
import { FieldSet, compareObjects, fieldSetOf, formatPath, itemElement, schemaFor } from '../../../../src/sim/patch/fieldSets.ts';
import { PatchError } from '../../../../src/sim/patch/PatchError.ts';

const deploymentSchema = schemaFor('apps/v1', 'Deployment');

function setOf(...paths: string[][]): FieldSet {
  const s = new FieldSet();
  for (const p of paths) s.insert(p);
  return s;
}

describe('FieldSet', () => {
  it('round-trips the FieldsV1 encoding, with "." marking an owned node that has children', () => {
    const fieldsV1 = {
      'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
      'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } } },
    };
    const set = FieldSet.fromFieldsV1(fieldsV1);
    expect(set.has(['f:metadata', 'f:labels'])).toBe(true);
    expect(set.has(['f:metadata'])).toBe(false);
    expect(set.has(['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"web"}', 'f:image'])).toBe(true);
    expect(set.toFieldsV1()).toEqual(fieldsV1);
  });

  it('writes FieldsV1 with "." first, then fields, keys and values in sorted order', () => {
    const set = setOf(['f:b'], ['f:a'], ['f:list', 'v:"y"'], ['f:list', 'v:"x"'], ['f:m', 'k:{"port":8080}'], ['f:m', 'k:{"port":80}'], ['f:m']);
    expect(JSON.stringify(set.toFieldsV1())).toBe('{"f:a":{},"f:b":{},"f:list":{"v:\\"x\\"":{},"v:\\"y\\"":{}},"f:m":{".":{},"k:{\\"port\\":80}":{},"k:{\\"port\\":8080}":{}}}');
  });

  it('computes union, difference and intersection member by member', () => {
    const a = setOf(['f:spec', 'f:replicas'], ['f:spec', 'f:paused']);
    const b = setOf(['f:spec', 'f:replicas'], ['f:metadata', 'f:labels', 'f:app']);
    expect(a.union(b).paths().map(formatPath)).toEqual(['.metadata.labels.app', '.spec.paused', '.spec.replicas']);
    expect(a.difference(b).paths().map(formatPath)).toEqual(['.spec.paused']);
    expect(a.intersection(b).paths().map(formatPath)).toEqual(['.spec.replicas']);
    expect(a.intersection(setOf(['f:status'])).empty).toBe(true);
  });

  it('lists a node\'s own members before descending, as SMD iterates', () => {
    const set = setOf(['f:spec', 'f:template', 'f:spec', 'f:dnsPolicy'], ['f:spec', 'f:replicas']);
    expect(set.paths().map(formatPath)).toEqual(['.spec.replicas', '.spec.template.spec.dnsPolicy']);
  });
});

describe('formatPath', () => {
  it('prints paths the way kube prints them in conflicts', () => {
    expect(formatPath(['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"web"}', 'f:image']))
      .toBe('.spec.template.spec.containers[name="web"].image');
    expect(formatPath(['f:spec', 'f:ports', 'k:{"port":80,"protocol":"TCP"}'])).toBe('.spec.ports[port=80,protocol="TCP"]');
    expect(formatPath(['f:metadata', 'f:finalizers', 'v:"foo"'])).toBe('.metadata.finalizers[="foo"]');
    expect(formatPath(['f:metadata', 'f:labels', 'f:app.kubernetes.io/name'])).toBe('.metadata.labels.app.kubernetes.io/name');
  });
});

describe('itemElement', () => {
  it('keys map-list items by their sorted key fields, filling schema defaults', () => {
    const ports = deploymentSchema.listAt(['spec', 'template', 'spec', 'containers', 'ports']);
    expect(itemElement({ containerPort: 80 }, ports)).toBe('k:{"containerPort":80,"protocol":"TCP"}');
    expect(itemElement({ protocol: 'UDP', containerPort: 53, name: 'dns' }, ports)).toBe('k:{"containerPort":53,"protocol":"UDP"}');
    expect(itemElement({ name: 'x' }, ports)).toBeUndefined();
  });
});

describe('fieldSetOf', () => {
  it('owns leaves and list items of an applied configuration, not the maps around them', () => {
    const set = fieldSetOf({
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: { spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }], args: ['a'] }] } },
      },
    }, deploymentSchema);
    expect(set.toFieldsV1()).toEqual({
      'f:metadata': { 'f:labels': { 'f:app': {} }, 'f:name': {} },
      'f:spec': {
        'f:replicas': {},
        'f:selector': {},
        'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': {
          '.': {}, 'f:args': {}, 'f:image': {}, 'f:name': {},
          'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
        } } } },
      },
    });
  });

  it('owns set items one by one', () => {
    expect(fieldSetOf({ metadata: { finalizers: ['a', 'b'] } }, deploymentSchema).paths().map(formatPath))
      .toEqual(['.metadata.finalizers[="a"]', '.metadata.finalizers[="b"]']);
  });

  it('rejects keyed items without their key and duplicate keys with 422', () => {
    const missing = () => fieldSetOf({ spec: { template: { spec: { containers: [{ image: 'nginx' }] } } } }, deploymentSchema);
    expect(missing).toThrow(PatchError);
    expect(missing).toThrow(/omits key field "name"/);
    const dup = () => fieldSetOf({ spec: { template: { spec: { containers: [{ name: 'a' }, { name: 'a' }] } } } }, deploymentSchema);
    expect(dup).toThrow(/duplicate entries for key \[name="a"\]/);
  });
});

describe('compareObjects', () => {
  it('reports modified leaves, added and removed fields, and maps that appear or disappear whole', () => {
    const before = { spec: { replicas: 1, paused: true, template: { spec: { containers: [{ name: 'web', image: 'a' }, { name: 'old', image: 'o' }] } } } };
    const after = {
      metadata: { labels: { app: 'x' } },
      spec: { replicas: 2, template: { spec: { containers: [{ name: 'web', image: 'a' }, { name: 'new', image: 'n' }] } } },
    };
    const c = compareObjects(before, after, deploymentSchema);
    expect(c.modified.paths().map(formatPath)).toEqual(['.spec.replicas']);
    expect(c.added.paths().map(formatPath)).toEqual([
      '.metadata', '.metadata.labels', '.metadata.labels.app',
      '.spec.template.spec.containers[name="new"]', '.spec.template.spec.containers[name="new"].image', '.spec.template.spec.containers[name="new"].name',
    ]);
    expect(c.removed.paths().map(formatPath)).toEqual([
      '.spec.paused',
      '.spec.template.spec.containers[name="old"]', '.spec.template.spec.containers[name="old"].image', '.spec.template.spec.containers[name="old"].name',
    ]);
  });

  it('compares atomic lists and maps as single values', () => {
    const c = compareObjects(
      { spec: { selector: { matchLabels: { a: '1' } }, template: { spec: { tolerations: [{ key: 'a' }] } } } },
      { spec: { selector: { matchLabels: { a: '2' } }, template: { spec: { tolerations: [{ key: 'b' }] } } } },
      deploymentSchema,
    );
    expect(c.modified.paths().map(formatPath)).toEqual(['.spec.selector', '.spec.template.spec.tolerations']);
    expect(c.added.empty && c.removed.empty).toBe(true);
  });

  it('treats a null field as present but empty, like the Go zero value', () => {
    const c = compareObjects({ spec: { template: { spec: { containers: null } } } }, { spec: { template: { spec: { containers: [{ name: 'web' }] } } } }, deploymentSchema);
    expect(c.added.paths().map(formatPath)).toEqual(['.spec.template.spec.containers[name="web"]', '.spec.template.spec.containers[name="web"].name']);
  });
});
