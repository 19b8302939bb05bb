/**
 * `kubectl describe`: kubectl assembles these pages from several requests (the object, its
 * events by field selector, the node's pods, the deployment's replica sets), so each section
 * only renders when the simulator answers all of them as kube-apiserver would.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { kubectlAvailable } from '../support/kubectl.ts';
import { Conformance, deploymentYaml, eventually, type KubeList, type KubeObject, type Pod } from './harness.ts';

const run = kubectlAvailable();

/** The lines of one top-level section of a describe page (`Events:` up to the next heading). */
function section(page: string, heading: string): string {
  const lines = page.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`${heading}:`));
  if (start === -1) return '';
  let end = start + 1;
  while (end < lines.length && !/^[A-Z][A-Za-z -]*:/.test(lines[end]!)) end++;
  return lines.slice(start, end).join('\n');
}

describe.skipIf(!run)('kubectl describe', () => {
  let k: Conformance;
  let pods: Pod[];

  beforeAll(async () => {
    k = await Conformance.start();
    await k.ok(['apply', '-f', '-'], deploymentYaml('web', { replicas: 2 }));
    pods = await k.runningPods('app=web', 2);
  });

  afterAll(async () => {
    await k?.stop();
  });

  test('describe pod shows the node, IP, container state, conditions and the kubelet events', async () => {
    const pod = pods[0]!;
    const page = await k.ok(['describe', 'pod', pod.metadata.name]);
    expect(page).toMatch(new RegExp(`^Name:\\s+${pod.metadata.name}$`, 'm'));
    expect(page).toMatch(/^Namespace:\s+default$/m);
    expect(page).toMatch(new RegExp(`^Node:\\s+${pod.spec.nodeName}/172\\.18\\.\\d+\\.\\d+$`, 'm'));
    expect(page).toMatch(/^Status:\s+Running$/m);
    expect(page).toContain(`IP:           ${pod.status.podIP}`);
    expect(page).toMatch(/^Controlled By:\s+ReplicaSet\/web-[a-z0-9]+$/m);
    expect(page).toMatch(/^\s+State:\s+Running$/m);
    expect(page).toMatch(/^\s+Ready:\s+True$/m);
    expect(page).toMatch(/^\s+Image ID:\s+docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/m);
    expect(page).toMatch(/^QoS Class:\s+Burstable$/m);

    const conditions = section(page, 'Conditions');
    for (const type of ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']) {
      expect(conditions).toMatch(new RegExp(`^\\s+${type}\\s+True\\s*$`, 'm'));
    }
    const events = section(page, 'Events');
    expect(events).toMatch(/Type\s+Reason\s+Age\s+From\s+Message/);
    expect(events).toMatch(new RegExp(`Normal\\s+Scheduled\\s+.*default-scheduler\\s+Successfully assigned default/${pod.metadata.name} to ${pod.spec.nodeName}`));
    expect(events).toMatch(/Normal\s+Pulling\s+.*kubelet\s+Pulling image "nginx:1\.27"/);
    expect(events).toMatch(/Normal\s+Started\s+.*kubelet\s+Started container web/);
  });

  test('describe deployment shows replicas, strategy, conditions, its replica sets and scaling events', async () => {
    const rs = (await k.json<KubeList>(['get', 'replicasets', '-l', 'app=web'])).items;
    expect(rs).toHaveLength(1);
    const page = await k.ok(['describe', 'deployment', 'web']);
    expect(page).toMatch(/^Replicas:\s+2 desired \| 2 updated \| 2 total \| 2 available \| 0 unavailable$/m);
    expect(page).toMatch(/^StrategyType:\s+RollingUpdate$/m);
    expect(page).toMatch(/^RollingUpdateStrategy:\s+25% max unavailable, 25% max surge$/m);
    expect(page).toMatch(/^\s+Image:\s+nginx:1\.27$/m);
    const conditions = section(page, 'Conditions');
    expect(conditions).toMatch(/Available\s+True\s+MinimumReplicasAvailable/);
    expect(conditions).toMatch(/Progressing\s+True\s+NewReplicaSetAvailable/);
    expect(page).toMatch(/^OldReplicaSets:\s+<none>$/m);
    expect(page).toContain(`NewReplicaSet:   ${rs[0]!.metadata.name} (2/2 replicas created)`);
    expect(section(page, 'Events')).toMatch(new RegExp(`Normal\\s+ScalingReplicaSet\\s+.*deployment-controller\\s+Scaled up replica set ${rs[0]!.metadata.name} from 0 to 2`));
  });

  test('describe node shows conditions, capacity, the pods on it and their allocated resources', async () => {
    const node = pods[0]!.spec.nodeName!;
    const onNode = pods.filter((p) => p.spec.nodeName === node);
    const page = await k.ok(['describe', 'node', node]);
    expect(page).toMatch(new RegExp(`^Name:\\s+${node}$`, 'm'));
    expect(page).toMatch(/^Roles:\s+<none>$/m);
    const conditions = section(page, 'Conditions');
    expect(conditions).toMatch(/MemoryPressure\s+False/);
    expect(conditions).toMatch(/DiskPressure\s+False/);
    expect(conditions).toMatch(/PIDPressure\s+False/);
    expect(conditions).toMatch(/Ready\s+True\s+.*KubeletReady\s+kubelet is posting ready status/);
    expect(section(page, 'Capacity')).toMatch(/cpu:\s+4/);
    expect(section(page, 'Allocatable')).toMatch(/pods:\s+110/);
    expect(page).toMatch(/^\s+Kubelet Version:\s+v1\.32\.4$/m);

    const nonTerminated = section(page, 'Non-terminated Pods');
    expect(nonTerminated).toContain(`(${onNode.length} in total)`);
    for (const p of onNode) expect(nonTerminated).toMatch(new RegExp(`default\\s+${p.metadata.name}\\s+100m \\(2%\\)\\s+0 \\(0%\\)\\s+64Mi \\(0%\\)`));

    const allocated = section(page, 'Allocated resources');
    expect(allocated).toMatch(new RegExp(`cpu\\s+${onNode.length * 100}m \\(\\d+%\\)\\s+0 \\(0%\\)`));
    expect(allocated).toMatch(new RegExp(`memory\\s+${onNode.length * 64}Mi \\(\\d+%\\)\\s+0 \\(0%\\)`));
    expect(page).toMatch(/^Events:/m);
  });

  test('describe of a missing pod prints the NotFound error and exits 1', async () => {
    const r = await k.run(['describe', 'pod', 'nope']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('Error from server (NotFound): pods "nope" not found');
  });

  test('describe pod of a crash-looping container shows its last state, restarts and BackOff warning', async () => {
    await k.ok(['run', 'crashy', '--image=example.com/crashloop:1']);
    const pod = await eventually(async () => {
      const p = await k.json<Pod>(['get', 'pod', 'crashy']);
      return (p.status.containerStatuses?.[0]?.restartCount ?? 0) >= 1 ? p : undefined;
    });
    expect(pod.status.phase).toBe('Running');
    const page = await k.ok(['describe', 'pod', 'crashy']);
    expect(page).toMatch(/^\s+Last State:\s+Terminated$/m);
    expect(page).toMatch(/^\s+Reason:\s+Error$/m);
    expect(page).toMatch(/^\s+Exit Code:\s+1$/m);
    expect(page).toMatch(/^\s+Restart Count:\s+[1-9]\d*$/m);
    expect(section(page, 'Events')).toMatch(/Warning\s+BackOff\s+.*kubelet\s+Back-off restarting failed container crashy in pod crashy_default/);
    const obj = await k.json<KubeObject>(['get', 'pod', 'crashy']);
    expect(obj.metadata.name).toBe('crashy');
  });
});
