/**
 * PodDisruptionBudgets (policy/v1) through kubectl: discovered (`api-resources`, the `pdb` short
 * name), created with a zeroed status, and kept up to date by the disruption controller as kube's
 * is: expectedPods from the owning Deployment's replicas (maxUnavailable, percentage
 * minAvailable) or the pod count (integer minAvailable), currentHealthy from the Ready pods, and
 * ALLOWED DISRUPTIONS in `kubectl get pdb`; and refused, with kube's messages, when its bounds are
 * invalid.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { kubectlAvailable } from '../support/kubectl.ts';
import { Conformance, deploymentYaml, eventually, rows, type KubeObject } from './harness.ts';

interface Budget extends KubeObject {
  status: { expectedPods: number; currentHealthy: number; desiredHealthy: number; disruptionsAllowed: number; observedGeneration?: number; conditions?: { type: string; status: string; reason: string }[] };
}

function pdbYaml(name: string, bound: string): string {
  return `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: ${name} }
spec:
  ${bound}
  selector: { matchLabels: { app: web } }
`;
}

describe.skipIf(!kubectlAvailable())('kubectl and PodDisruptionBudgets', () => {
  let k: Conformance;

  /** The budget's status once it shows `healthy` Ready pods out of `expected`. */
  async function settled(name: string, expected: number, healthy: number): Promise<Budget['status']> {
    return eventually(async () => {
      const b = await k.json<Budget>(['get', 'pdb', name]);
      return b.status.expectedPods === expected && b.status.currentHealthy === healthy ? b.status : undefined;
    });
  }

  beforeAll(async () => {
    k = await Conformance.start();
  });

  afterAll(async () => {
    await k?.stop();
  });

  test('kubectl discovers poddisruptionbudgets in policy/v1 with the pdb short name', async () => {
    const table = rows(await k.ok(['api-resources', '--api-group', 'policy']));
    expect(table).toEqual([{ NAME: 'poddisruptionbudgets', SHORTNAMES: 'pdb', APIVERSION: 'policy/v1', NAMESPACED: 'true', KIND: 'PodDisruptionBudget' }]);
  });

  test('a new budget with no pods has zero counts and no disruptions allowed', async () => {
    await k.ok(['apply', '-f', '-'], pdbYaml('min3', 'minAvailable: 3'));
    const b = await k.json<Budget>(['get', 'pdb', 'min3']);
    expect(b.metadata.generation).toBe(1);
    expect(b.status).toMatchObject({ expectedPods: 0, currentHealthy: 0, desiredHealthy: 3, disruptionsAllowed: 0 });
  });

  test('the disruption controller counts Ready pods against each kind of bound', async () => {
    await k.ok(['apply', '-f', '-'], deploymentYaml('web', { replicas: 4 }));
    await k.runningPods('app=web', 4);
    await k.ok(['apply', '-f', '-'], pdbYaml('half', 'minAvailable: "50%"'));
    await k.ok(['apply', '-f', '-'], pdbYaml('one', 'maxUnavailable: 1'));
    expect(await settled('min3', 4, 4)).toMatchObject({ desiredHealthy: 3, disruptionsAllowed: 1, observedGeneration: 1 });
    expect(await settled('half', 4, 4)).toMatchObject({ desiredHealthy: 2, disruptionsAllowed: 2 });
    const one = await settled('one', 4, 4);
    expect(one).toMatchObject({ desiredHealthy: 3, disruptionsAllowed: 1 });
    expect(one.conditions).toEqual([expect.objectContaining({ type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods' })]);
    const table = rows(await k.ok(['get', 'pdb']));
    expect(table.map((r) => [r['NAME'], r['MIN AVAILABLE'], r['MAX UNAVAILABLE'], r['ALLOWED DISRUPTIONS']])).toEqual([
      ['half', '50%', 'N/A', '2'], ['min3', '3', 'N/A', '1'], ['one', 'N/A', '1', '1'],
    ]);
  });

  test('scaling the Deployment moves the expected count; too few healthy pods allow no disruption', async () => {
    await k.ok(['scale', 'deployment/web', '--replicas=2']);
    await k.runningPods('app=web', 2);
    const min3 = await settled('min3', 2, 2);
    expect(min3).toMatchObject({ desiredHealthy: 3, disruptionsAllowed: 0 });
    const b = await k.json<Budget>(['get', 'pdb', 'min3']);
    expect(b.status.conditions).toEqual([expect.objectContaining({ type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods' })]);
    expect(await settled('one', 2, 2)).toMatchObject({ desiredHealthy: 1, disruptionsAllowed: 1 });
  });

  test('a budget with both bounds, a bad percentage or an unknown eviction policy is refused as kube refuses it', async () => {
    const both = await k.run(['apply', '-f', '-'], pdbYaml('both', 'minAvailable: 1\n  maxUnavailable: 1'));
    expect(both.code).toBe(1);
    expect(both.stderr).toMatch(/The PodDisruptionBudget "both" is invalid: spec: Invalid value: policy\.PodDisruptionBudgetSpec\{MinAvailable:\(\*intstr\.IntOrString\)\(0x[0-9a-f]+\), .*\}: minAvailable and maxUnavailable cannot be both set/);
    const pct = await k.run(['apply', '-f', '-'], pdbYaml('pct', 'maxUnavailable: "150%"'));
    expect(pct.stderr).toContain('The PodDisruptionBudget "pct" is invalid: spec.maxUnavailable: Invalid value: "150%": must not be greater than 100%');
    const neg = await k.run(['apply', '-f', '-'], pdbYaml('neg', 'minAvailable: -1'));
    expect(neg.stderr).toContain('The PodDisruptionBudget "neg" is invalid: spec.minAvailable: Invalid value: -1: must be greater than or equal to 0');
    const policy = await k.run(['apply', '-f', '-'], pdbYaml('policy', 'maxUnavailable: 1\n  unhealthyPodEvictionPolicy: Sometimes'));
    expect(policy.stderr).toContain('The PodDisruptionBudget "policy" is invalid: spec.unhealthyPodEvictionPolicy: Unsupported value: "Sometimes": supported values: "AlwaysAllow", "IfHealthyBudget"');
    expect(await k.ok(['get', 'pdb', '-o', 'name'])).toBe('poddisruptionbudget.policy/half\npoddisruptionbudget.policy/min3\npoddisruptionbudget.policy/one\n');
  });
});
