import { describe, expect, it } from 'vitest';
import { checkFieldSelector, escapeFieldValue, fieldsOf, matchesFields, parseFieldSelector } from '../../../../src/sim/api/fieldSelector.ts';
import { SelectorError } from '../../../../src/sim/api/labelSelector.ts';
import { R } from '../../../../src/sim/resources.ts';
import type { KObject } from '../../../../src/sim/types.ts';

const pod = {
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'shop', uid: 'u', resourceVersion: '1', creationTimestamp: '2024-01-01T00:00:00Z' },
  spec: { nodeName: 'node-a', restartPolicy: 'Always', schedulerName: 'default-scheduler', serviceAccountName: 'default', containers: [] },
  status: { phase: 'Running', podIP: '10.0.0.5' },
} as KObject;

describe('parseFieldSelector', () => {
  it('parses =, == and != terms, sorted as kube sorts them', () => {
    expect(parseFieldSelector('status.phase!=Failed,metadata.name==web-1,spec.nodeName=node-a')).toEqual([
      { field: 'metadata.name', operator: '==', value: 'web-1' },
      { field: 'spec.nodeName', operator: '=', value: 'node-a' },
      { field: 'status.phase', operator: '!=', value: 'Failed' },
    ]);
  });

  it('selects everything for an empty selector and skips empty terms', () => {
    expect(parseFieldSelector('')).toEqual([]);
    expect(parseFieldSelector('a=b,,')).toEqual([{ field: 'a', operator: '=', value: 'b' }]);
  });

  it('unescapes backslash-escaped commas, equals signs and backslashes in values', () => {
    expect(parseFieldSelector('metadata.name=a\\,b\\=c\\\\d')).toEqual([{ field: 'metadata.name', operator: '=', value: 'a,b=c\\d' }]);
    expect(escapeFieldValue('a,b=c\\d')).toBe('a\\,b\\=c\\\\d');
  });

  it('rejects a term without an operator, naming it', () => {
    expect(() => parseFieldSelector('metadata.name')).toThrow(SelectorError);
    expect(() => parseFieldSelector('a=b,oops')).toThrow("invalid selector: 'a=b,oops'; can't understand 'oops'");
  });

  it('rejects unknown escapes and unescaped equals signs in values', () => {
    expect(() => parseFieldSelector('a=b\\x')).toThrow('invalid field selector: invalid escape sequence: \\x');
    expect(() => parseFieldSelector('a=b=c')).toThrow('invalid field selector: unescaped character in value: =');
  });
});

describe('checkFieldSelector', () => {
  it('accepts the fields kube-apiserver supports for pods', () => {
    expect(() => checkFieldSelector(R.pods, parseFieldSelector('spec.nodeName=a,status.phase=Running,metadata.namespace=x,spec.host=a'))).not.toThrow();
  });

  it('rejects an unsupported field with kube\'s exact message', () => {
    expect(() => checkFieldSelector(R.pods, parseFieldSelector('spec.foo=bar'))).toThrow(new SelectorError('field label not supported: spec.foo'));
    expect(() => checkFieldSelector(R.configmaps, parseFieldSelector('status.phase=x'))).toThrow('field label not supported: status.phase');
  });

  it('does not offer metadata.namespace on nodes', () => {
    expect(() => checkFieldSelector(R.nodes, parseFieldSelector('metadata.namespace=x'))).toThrow('field label not supported: metadata.namespace');
    expect(() => checkFieldSelector(R.nodes, parseFieldSelector('spec.unschedulable=true'))).not.toThrow();
  });

  it('supports event fields such as involvedObject.name and reason', () => {
    expect(() => checkFieldSelector(R.events, parseFieldSelector('involvedObject.name=web,reason=BackOff,type=Warning'))).not.toThrow();
  });
});

describe('fieldsOf and matchesFields', () => {
  it('exposes pod fields with "" for absent ones', () => {
    const f = fieldsOf(R.pods, pod);
    expect(f).toMatchObject({ 'metadata.name': 'web-1', 'metadata.namespace': 'shop', 'spec.nodeName': 'node-a', 'status.phase': 'Running', 'status.podIP': '10.0.0.5', 'spec.hostNetwork': 'false', 'status.nominatedNodeName': '' });
  });

  it('matches != against the field value', () => {
    const f = fieldsOf(R.pods, pod);
    expect(matchesFields(parseFieldSelector('status.phase!=Running'), f)).toBe(false);
    expect(matchesFields(parseFieldSelector('status.phase!=Pending'), f)).toBe(true);
    expect(matchesFields(parseFieldSelector('spec.nodeName='), f)).toBe(false);
    expect(matchesFields(parseFieldSelector('status.nominatedNodeName='), f)).toBe(true);
  });

  it('exposes event, node, secret, namespace and replica set fields', () => {
    const ev = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e', namespace: 'shop' }, involvedObject: { kind: 'Pod', name: 'web-1' }, reason: 'BackOff', type: 'Warning', reportingComponent: 'kubelet' } as unknown as KObject;
    expect(fieldsOf(R.events, ev)).toMatchObject({ 'involvedObject.kind': 'Pod', 'involvedObject.name': 'web-1', reason: 'BackOff', type: 'Warning', source: 'kubelet' });
    const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, spec: { unschedulable: true } } as unknown as KObject;
    expect(fieldsOf(R.nodes, node)).toEqual({ 'metadata.name': 'n', 'spec.unschedulable': 'true' });
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'x' }, type: 'kubernetes.io/tls' } as unknown as KObject;
    expect(fieldsOf(R.secrets, secret)['type']).toBe('kubernetes.io/tls');
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' }, status: { phase: 'Active' } } as unknown as KObject;
    expect(fieldsOf(R.namespaces, ns)).toEqual({ 'metadata.name': 'x', 'status.phase': 'Active' });
    const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'r', namespace: 'x' }, status: { replicas: 3 } } as unknown as KObject;
    expect(fieldsOf(R.replicasets, rs)['status.replicas']).toBe('3');
  });
});
