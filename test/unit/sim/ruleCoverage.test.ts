/**
 * The pure rule comparison behind the simulator's RBAC escalation prevention, on the cases kube's
 * policy_comparator and policy_compact tests pin: wildcards, wildcard subresources (`*` slash `scale`), resourceNames,
 * non-resource URL prefixes, and how missing rules are compacted and worded.
 */
import { describe, expect, test } from 'vitest';
import { compactRules, compactString, describeMissing, uncoveredRules } from '../../../src/sim/auth/ruleCoverage.ts';

describe('uncoveredRules', () => {
  test('wildcard verbs, groups and resources cover everything of their kind; a wanted wildcard needs an owner wildcard', () => {
    expect(uncoveredRules([{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], [{ verbs: ['get', 'delete'], apiGroups: ['', 'apps'], resources: ['pods', 'deployments/scale'] }])).toEqual([]);
    expect(uncoveredRules([{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] }], [{ verbs: ['*'], apiGroups: [''], resources: ['pods'] }]))
      .toEqual([{ verbs: ['*'], apiGroups: [''], resources: ['pods'] }]);
  });

  test('`*/scale` covers the scale subresource of any resource, not the resource itself', () => {
    const owner = [{ verbs: ['patch'], apiGroups: ['apps'], resources: ['*/scale'] }];
    expect(uncoveredRules(owner, [{ verbs: ['patch'], apiGroups: ['apps'], resources: ['deployments/scale'] }])).toEqual([]);
    expect(uncoveredRules(owner, [{ verbs: ['patch'], apiGroups: ['apps'], resources: ['deployments'] }])).toHaveLength(1);
  });

  test('an owner limited by resourceNames covers those names only, never a nameless grant', () => {
    const owner = [{ verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['a', 'b'] }];
    expect(uncoveredRules(owner, [{ verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['a'] }])).toEqual([]);
    expect(uncoveredRules(owner, [{ verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['a', 'c'] }]))
      .toEqual([{ verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['c'] }]);
    expect(uncoveredRules(owner, [{ verbs: ['get'], apiGroups: [''], resources: ['configmaps'] }])).toHaveLength(1);
  });

  test('non-resource URLs are covered by equal paths or a trailing-star prefix', () => {
    const owner = [{ verbs: ['get'], nonResourceURLs: ['/healthz', '/apis/*'] }];
    expect(uncoveredRules(owner, [{ verbs: ['get'], nonResourceURLs: ['/healthz', '/apis/apps'] }])).toEqual([]);
    expect(uncoveredRules(owner, [{ verbs: ['get'], nonResourceURLs: ['/metrics'] }])).toEqual([{ verbs: ['get'], nonResourceURLs: ['/metrics'] }]);
  });
});

describe('how missing rules are worded', () => {
  test('pieces of one group and resource merge by verb in the order met, repeats kept; other pieces stay apart', () => {
    const compacted = compactRules([
      { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
      { nonResourceURLs: ['/x'], verbs: ['get'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
      { apiGroups: [''], resources: ['pods'], resourceNames: ['p'], verbs: ['get'] },
    ]);
    expect(compacted.map(compactString)).toEqual([
      '{NonResourceURLs:["/x"], Verbs:["get"]}',
      '{APIGroups:[""], Resources:["pods"], Verbs:["get" "list" "get"]}',
      '{APIGroups:[""], Resources:["pods"], ResourceNames:["p"], Verbs:["get"]}',
    ]);
  });

  test('descriptions are sorted byte-wise and deduplicated, strings quoted as Go quotes them', () => {
    expect(describeMissing([
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get'] },
      { nonResourceURLs: ['/a"b'], verbs: ['get'] },
      { apiGroups: [''], resources: ['pods'], resourceNames: ['tab\there'], verbs: ['get'] },
    ])).toEqual([
      '{APIGroups:[""], Resources:["pods"], ResourceNames:["tab\\there"], Verbs:["get"]}',
      '{APIGroups:["apps"], Resources:["deployments"], Verbs:["get"]}',
      '{NonResourceURLs:["/a\\"b"], Verbs:["get"]}',
    ]);
  });
});
