/**
 * NetworkPolicies (networking.k8s.io/v1) through kubectl: discovered with the `netpol` short name,
 * stored with kube's defaults (policyTypes from the rules present, TCP ports) and printed as
 * `kubectl get netpol` prints them. The simulator has no pod network, so they are not enforced.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { kubectlAvailable } from '../support/kubectl.ts';
import { Conformance, rows, type KubeObject } from './harness.ts';

interface Policy extends KubeObject {
  spec: { policyTypes: string[]; ingress?: { ports?: { protocol: string; port: number }[] }[]; egress?: unknown[] };
}

describe.skipIf(!kubectlAvailable())('kubectl and NetworkPolicies', () => {
  let k: Conformance;

  beforeAll(async () => {
    k = await Conformance.start();
  });

  afterAll(async () => {
    await k?.stop();
  });

  test('kubectl discovers networkpolicies in networking.k8s.io/v1 with the netpol short name', async () => {
    const table = rows(await k.ok(['api-resources', '--api-group', 'networking.k8s.io']));
    expect(table).toEqual([{ NAME: 'networkpolicies', SHORTNAMES: 'netpol', APIVERSION: 'networking.k8s.io/v1', NAMESPACED: 'true', KIND: 'NetworkPolicy' }]);
  });

  test('policyTypes default to Ingress, plus Egress when there are egress rules; ports default to TCP', async () => {
    await k.ok(['apply', '-f', '-'], `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: db-ingress }
spec:
  podSelector: { matchLabels: { app: db } }
  ingress:
  - from: [{ podSelector: { matchLabels: { app: web } } }]
    ports: [{ port: 5432 }]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: deny-egress }
spec:
  podSelector: {}
  egress: [{ to: [{ ipBlock: { cidr: 10.0.0.0/8, except: [10.1.0.0/16] } }] }]
`);
    const ingress = await k.json<Policy>(['get', 'netpol', 'db-ingress']);
    expect(ingress.spec.policyTypes).toEqual(['Ingress']);
    expect(ingress.spec.ingress?.[0]?.ports).toEqual([{ protocol: 'TCP', port: 5432 }]);
    expect((await k.json<Policy>(['get', 'netpol', 'deny-egress'])).spec.policyTypes).toEqual(['Ingress', 'Egress']);
    const table = rows(await k.ok(['get', 'netpol']));
    expect(table.map((r) => [r['NAME'], r['POD-SELECTOR']])).toEqual([['db-ingress', 'app=db'], ['deny-egress', '<none>']]);
  });
});
