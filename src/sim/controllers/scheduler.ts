/**
 * kube-scheduler: binds each pending pod without a node to a node that is Ready, schedulable,
 * matches the pod's nodeSelector and required node affinity, carries no taint the pod does not
 * tolerate, and has room for the pod's CPU and memory requests and one more pod; among those,
 * the least requested one (spreading). A pod that fits nowhere gets PodScheduled=False
 * (Unschedulable) and a FailedScheduling event worded as kube words it, and is tried again when
 * nodes or pods change (at most every 10 s) and every 5 minutes.
 */
import { ApiError } from '../api/ApiError.ts';
import { bytesOf, countOf, cpuMillis } from '../metrics/quantity.ts';
import { R } from '../resources.ts';
import type { Node, Pod, PodCondition } from '../types.ts';
import type { Controller, ControllerDeps } from './ControllerManager.ts';
import { isTerminal, matchesNodeSelection, podRequests, tolerates, untoleratedTaint, type Taint } from './podState.ts';

const COMPONENT = 'default-scheduler';
const MANAGER = 'kube-scheduler';
const RETRY_MS = 5 * 60_000;
const MIN_RETRY_GAP_MS = 10_000;
/** The requests kube's scoring assumes for a pod that sets none (non-zero requests). */
const DEFAULT_CPU_MILLIS = 100;
const DEFAULT_MEMORY = 200 * 1024 * 1024;

interface Usage {
  cpu: number;
  memory: number;
  pods: number;
}

interface Contribution extends Usage {
  node: string;
}

function contribution(pod: Pod | undefined): Contribution | undefined {
  if (!pod?.spec.nodeName || isTerminal(pod)) return undefined;
  const r = podRequests(pod);
  return { node: pod.spec.nodeName, cpu: r.cpuMillis, memory: r.memoryBytes, pods: 1 };
}

function isReadyNode(node: Node): boolean {
  return node.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
}

/** What about a node can change where pods fit (heartbeats cannot). */
function nodeFingerprint(node: Node): string {
  return JSON.stringify([node.metadata.labels, node.spec.unschedulable, node.spec.taints, node.status?.allocatable, isReadyNode(node)]);
}

function formatTaint(t: Taint): string {
  return `{${t.key}: ${t.value ?? ''}}`;
}

interface Fit {
  node?: string;
  reasons: Map<string, number>;
  /** Nodes where only resources are lacking: preemption could in principle help. */
  resourceFailures: number;
}

export function createScheduler({ ctx, queue }: ControllerDeps): Controller {
  const { registry, clock, events } = ctx;
  const usage = new Map<string, Usage>();
  const unschedulable = new Set<string>();
  const lastAttempt = new Map<string, number>();

  const account = (c: Contribution | undefined, sign: 1 | -1): void => {
    if (!c) return;
    const u = usage.get(c.node) ?? { cpu: 0, memory: 0, pods: 0 };
    u.cpu += sign * c.cpu;
    u.memory += sign * c.memory;
    u.pods += sign * c.pods;
    usage.set(c.node, u);
  };

  const retryUnschedulable = (): void => {
    for (const key of unschedulable) {
      const since = clock.now() - (lastAttempt.get(key) ?? 0);
      if (since >= MIN_RETRY_GAP_MS) queue.add(key);
      else queue.addAfter(key, MIN_RETRY_GAP_MS - since);
    }
  };

  const wantsScheduling = (pod: Pod): boolean =>
    !pod.spec.nodeName && !pod.metadata.deletionTimestamp && !isTerminal(pod) && (pod.spec.schedulerName ?? COMPONENT) === COMPONENT;

  function fit(pod: Pod, nodes: Node[]): Fit {
    const req = podRequests(pod);
    const reasons = new Map<string, number>();
    const fail = (r: string): void => { reasons.set(r, (reasons.get(r) ?? 0) + 1); };
    let best: { name: string; score: number; pods: number } | undefined;
    let resourceFailures = 0;
    for (const node of nodes) {
      const name = node.metadata.name;
      // Filters in kube's plugin order; the first that fails a node names the reason.
      const unschedulableTaint: Taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };
      if (node.spec.unschedulable && !tolerates(pod.spec.tolerations, unschedulableTaint)) { fail('node(s) were unschedulable'); continue; }
      const taints: Taint[] = [...(node.spec.taints ?? [])];
      if (!isReadyNode(node)) taints.push({ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' });
      const taint = untoleratedTaint(pod.spec.tolerations, taints);
      if (taint) { fail(`node(s) had untolerated taint ${formatTaint(taint)}`); continue; }
      if (!matchesNodeSelection(pod.spec, name, node.metadata.labels ?? {})) { fail("node(s) didn't match Pod's node affinity/selector"); continue; }
      const alloc = node.status?.allocatable ?? {};
      const cpu = cpuMillis(alloc.cpu);
      const mem = bytesOf(alloc.memory);
      const maxPods = countOf(alloc.pods ?? '110');
      const used = usage.get(name) ?? { cpu: 0, memory: 0, pods: 0 };
      const lacking: string[] = [];
      if (used.pods + 1 > maxPods) lacking.push('Too many pods');
      if (req.cpuMillis > 0 && req.cpuMillis > cpu - used.cpu) lacking.push('Insufficient cpu');
      if (req.memoryBytes > 0 && req.memoryBytes > mem - used.memory) lacking.push('Insufficient memory');
      if (lacking.length) {
        lacking.forEach(fail);
        resourceFailures++;
        continue;
      }
      // NodeResourcesFit LeastAllocated, with kube's non-zero defaults for pods without requests.
      const wantCpu = req.cpuMillis || DEFAULT_CPU_MILLIS;
      const wantMem = req.memoryBytes || DEFAULT_MEMORY;
      const cpuScore = cpu > 0 ? Math.max(0, (cpu - used.cpu - wantCpu) / cpu) : 0;
      const memScore = mem > 0 ? Math.max(0, (mem - used.memory - wantMem) / mem) : 0;
      const score = Math.round(((cpuScore + memScore) / 2) * 1000);
      if (!best || score > best.score || (score === best.score && used.pods < best.pods)) best = { name, score, pods: used.pods };
    }
    return best ? { node: best.name, reasons, resourceFailures } : { reasons, resourceFailures };
  }

  function failureMessage(nodes: number, f: Fit): string {
    if (nodes === 0) return 'no nodes available to schedule pods';
    const histogram = (m: Map<string, number>): string => [...m].map(([r, n]) => `${n} ${r}`).sort().join(', ');
    const preemption = new Map<string, number>();
    if (f.resourceFailures) preemption.set('No preemption victims found for incoming pod.', f.resourceFailures);
    const unresolvable = nodes - f.resourceFailures;
    if (unresolvable) preemption.set('Preemption is not helpful for scheduling.', unresolvable);
    const post = [...preemption].map(([r, n]) => `${n} ${r.replace(/\.$/, '')}`).sort().join(', ');
    return `0/${nodes} nodes are available: ${histogram(f.reasons)}. preemption: 0/${nodes} nodes are available: ${post}.`;
  }

  function setScheduledCondition(pod: Pod, condition: PodCondition): void {
    registry.mutate<Pod>(R.pods, pod.metadata.namespace ?? '', pod.metadata.name, (draft) => {
      const status = (draft.status ??= {});
      const existing = status.conditions?.find((c) => c.type === 'PodScheduled');
      const c: PodCondition = { ...condition };
      if (existing?.status === c.status && existing.lastTransitionTime) c.lastTransitionTime = existing.lastTransitionTime;
      status.conditions = [...(status.conditions ?? []).filter((x) => x.type !== 'PodScheduled'), c];
    }, { subresource: 'status', fieldManager: MANAGER });
  }

  function bind(pod: Pod, node: string): void {
    const ns = pod.metadata.namespace ?? '';
    const bound = registry.bind(ns, pod.metadata.name, node, { uid: pod.metadata.uid });
    events.record(bound, 'Normal', 'Scheduled', `Successfully assigned ${ns}/${pod.metadata.name} to ${node}`, COMPONENT);
  }

  return {
    name: COMPONENT,
    onChange(change) {
      if (change.resource === '/pods') {
        const current = change.type === 'DELETED' ? undefined : (change.current.object as Pod);
        const before = contribution(change.previous?.object as Pod | undefined);
        const after = contribution(current);
        account(before, -1);
        account(after, 1);
        const key = `${change.namespace}/${change.name}`;
        if (current && wantsScheduling(current)) {
          if (!unschedulable.has(key)) queue.add(key);
        } else {
          unschedulable.delete(key);
          lastAttempt.delete(key);
        }
        // Capacity was freed: pods waiting for room may fit now.
        if (before && (!after || after.node !== before.node)) retryUnschedulable();
      } else if (change.resource === '/nodes') {
        const prev = change.previous?.object as Node | undefined;
        if (change.type === 'DELETED') usage.delete(change.name);
        if (change.type !== 'MODIFIED' || !prev || nodeFingerprint(prev) !== nodeFingerprint(change.current.object as Node)) retryUnschedulable();
      }
    },
    start() {
      for (const pod of registry.list<Pod>(R.pods)) {
        account(contribution(pod), 1);
        if (wantsScheduling(pod)) queue.add(`${pod.metadata.namespace}/${pod.metadata.name}`);
      }
    },
    reconcile(key) {
      const [ns = '', name = ''] = key.split('/');
      const pod = registry.get<Pod>(R.pods, ns, name);
      if (!pod || !wantsScheduling(pod)) {
        unschedulable.delete(key);
        lastAttempt.delete(key);
        return;
      }
      lastAttempt.set(key, clock.now());
      const nodes = registry.list<Node>(R.nodes);
      const result = fit(pod, nodes);
      if (result.node) {
        try {
          bind(pod, result.node);
        } catch (e) {
          // Bound meanwhile, deleted, or changed under us: the change feed brings it back if need be.
          if (!(e instanceof ApiError) || (e.reason !== 'NotFound' && e.reason !== 'Conflict')) throw e;
        }
        unschedulable.delete(key);
        return;
      }
      const message = failureMessage(nodes.length, result);
      // Marked before the status write, whose change would otherwise enqueue the pod again.
      unschedulable.add(key);
      setScheduledCondition(pod, { type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: clock.timestamp(), reason: 'Unschedulable', message });
      events.record(pod, 'Warning', 'FailedScheduling', message, COMPONENT);
      queue.addAfter(key, RETRY_MS);
    },
  };
}
