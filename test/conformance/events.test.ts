/**
 * Events as kubectl shows them: `kubectl get events` (the core/v1 table, server-side) and
 * `kubectl events` (which lists and sorts client-side), including a crash-looping container's
 * BackOff warning whose count grows as the kubelet keeps restarting it.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { kubectlAvailable } from '../support/kubectl.ts';
import { Conformance, deploymentYaml, eventually, rows, type KubeList, type KubeObject } from './harness.ts';

const run = kubectlAvailable();

interface CoreEvent extends KubeObject {
  type: string;
  reason: string;
  message: string;
  count?: number;
  involvedObject: { kind: string; name: string; namespace?: string };
  source?: { component?: string; host?: string };
}

describe.skipIf(!run)('kubectl get events and kubectl events', () => {
  let k: Conformance;

  beforeAll(async () => {
    k = await Conformance.start();
    await k.ok(['apply', '-f', '-'], deploymentYaml('web', { replicas: 1 }));
    await k.ok(['run', 'crashy', '--image=example.com/team/crashloop:2']);
    await k.runningPods('app=web', 1);
  });

  afterAll(async () => {
    await k?.stop();
  });

  test('get events lists what the controllers, scheduler and kubelet did, one row per event', async () => {
    const out = await k.ok(['get', 'events']);
    const table = rows(out);
    expect(Object.keys(table[0]!)).toEqual(['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
    const reasons = new Set(table.map((r) => `${r['OBJECT']!.split('/')[0]}:${r['REASON']}`));
    for (const r of ['deployment:ScalingReplicaSet', 'replicaset:SuccessfulCreate', 'pod:Scheduled', 'pod:Pulling', 'pod:Pulled', 'pod:Created', 'pod:Started']) {
      expect(reasons).toContain(r);
    }
    expect(out).toMatch(/Normal\s+ScalingReplicaSet\s+deployment\/web\s+Scaled up replica set web-\w+ from 0 to 1/);
  });

  test('a crash-looping container produces a Warning BackOff event whose count grows', async () => {
    const warning = await eventually(async () => {
      const events = (await k.json<KubeList<CoreEvent>>(['get', 'events', '--field-selector', 'involvedObject.name=crashy,type=Warning'])).items;
      const backOff = events.find((e) => e.reason === 'BackOff');
      return backOff && (backOff.count ?? 0) > 1 ? backOff : undefined;
    }, 20_000);
    expect(warning.type).toBe('Warning');
    expect(warning.involvedObject).toMatchObject({ kind: 'Pod', name: 'crashy', namespace: 'default' });
    expect(warning.message).toMatch(/^Back-off restarting failed container crashy in pod crashy_default\(/);
    expect(warning.source).toMatchObject({ component: 'kubelet' });

    const table = rows(await k.ok(['get', 'events', '--field-selector', 'type=Warning']));
    const row = table.find((r) => r['OBJECT'] === 'pod/crashy' && r['REASON'] === 'BackOff');
    expect(row).toMatchObject({ TYPE: 'Warning', MESSAGE: warning.message });
    // The wide table has the count in a column of its own.
    const wide = rows(await k.ok(['get', 'events', '-o', 'wide', '--field-selector', 'type=Warning']));
    const wideRow = wide.find((r) => r['OBJECT'] === 'pod/crashy' && r['REASON'] === 'BackOff');
    expect(Object.keys(wideRow!)).toEqual(['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'SUBOBJECT', 'SOURCE', 'MESSAGE', 'FIRST SEEN', 'COUNT', 'NAME']);
    expect(Number(wideRow!['COUNT'])).toBeGreaterThan(1);
    expect(wideRow!['SOURCE']).toMatch(/^kubelet, /);
    expect(wideRow!['SUBOBJECT']).toBe('spec.containers{crashy}');

    const pod = await k.json<KubeObject>(['get', 'pod', 'crashy']);
    const status = (pod.status?.['containerStatuses'] as { restartCount: number }[])[0]!;
    expect(status.restartCount).toBeGreaterThan(1);
    expect(rows(await k.ok(['get', 'pod', 'crashy']))[0]!['STATUS']).toMatch(/^(CrashLoopBackOff|Running|Error)$/);
  });

  test('kubectl events prints the namespace events with the involved object as Kind/name', async () => {
    const out = await k.ok(['events']);
    const table = rows(out);
    expect(Object.keys(table[0]!)).toEqual(['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
    expect(table.some((r) => r['OBJECT'] === 'Deployment/web' && r['REASON'] === 'ScalingReplicaSet')).toBe(true);
    const backOff = table.find((r) => r['OBJECT'] === 'Pod/crashy' && r['REASON'] === 'BackOff' && r['TYPE'] === 'Warning');
    // A repeated event shows how often it happened: "<last seen> (x<count> over <since first>)".
    expect(backOff!['LAST SEEN']).toMatch(/ \(x\d+ over \S+\)$/);
  });

  test('kubectl events --types=Warning shows only warnings', async () => {
    const table = rows(await k.ok(['events', '--types=Warning']));
    expect(table.length).toBeGreaterThan(0);
    expect(table.every((r) => r['TYPE'] === 'Warning')).toBe(true);
    expect(table.some((r) => r['OBJECT'] === 'Pod/crashy' && r['REASON'] === 'BackOff')).toBe(true);
  });

  test('kubectl events --for pod/crashy shows only that pod\'s events', async () => {
    const table = rows(await k.ok(['events', '--for', 'pod/crashy']));
    expect(table.length).toBeGreaterThanOrEqual(5);
    expect(table.every((r) => r['OBJECT'] === 'Pod/crashy')).toBe(true);
    const reasons = table.map((r) => r['REASON']);
    for (const reason of ['Scheduled', 'Pulled', 'Started', 'BackOff']) expect(reasons).toContain(reason);

    const none = await k.run(['events', '--for', 'pod/nope']);
    expect(none.code).toBe(0);
    expect(none.stdout).toBe('');
    expect(none.stderr.trim()).toBe('No events found in default namespace.');
  });

  test('kubectl events -A includes events of other namespaces with their namespace column', async () => {
    await k.ok(['apply', '-f', '-'], `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: other\n---\n${deploymentYaml('side', { namespace: 'other', replicas: 1 })}`);
    await k.runningPods('app=side', 1, 'other');
    const table = rows(await k.ok(['events', '-A']));
    expect(Object.keys(table[0]!)).toEqual(['NAMESPACE', 'LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
    expect(table.some((r) => r['NAMESPACE'] === 'other' && r['OBJECT'] === 'Deployment/side')).toBe(true);
    expect(table.some((r) => r['NAMESPACE'] === 'default' && r['OBJECT'] === 'Pod/crashy')).toBe(true);
  });
});
