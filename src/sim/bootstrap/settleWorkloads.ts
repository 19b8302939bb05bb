/**
 * A settled fleet, fast: every Deployment of a cluster gets the ReplicaSet its controller would
 * have made and Running, Ready pods bound to nodes, all written directly in their final state
 * (the same builders the deployment controller and the kubelet use), so 100,000 pods come up in
 * seconds instead of the minutes the rollout machinery takes. Once the controllers look, they
 * find nothing to do: that is the definition of "settled" the tests hold this to.
 *
 * Each object is one store write (one ADDED or MODIFIED, one resourceVersion), holding what the
 * series of controller writes would have left, managedFields included: the registry computes
 * those writes without storing them (Registry.previewWrite), and pods after the first of each
 * ReplicaSet are stamped from it (SettledPodStamper). Events are not written.
 */
import { R, storeKey } from '../resources.ts';
import type { Registry } from '../registry/Registry.ts';
import { cloneObject, type Deployment, type KObjectInput, type Node, type Pod, type ReplicaSet } from '../types.ts';
import {
  DESIRED_REPLICAS, HASH_LABEL, MAX_REPLICAS, REVISION, calculateStatus, copiedAnnotations, desiredReplicas,
  hasProgressDeadline, maxSurge, newCondition, setCondition,
} from '../controllers/deploymentUtil.ts';
import { ownerRefTo } from '../controllers/OwnerIndex.ts';
import { computeHash } from '../controllers/templateHash.ts';
import { SettledPodStamper, type SettledTimes } from './settledPodStamper.ts';

const MANAGER = 'kube-controller-manager';
/** How long before "now" the settled pods started: long past any readiness delay. */
const STARTED_AGO_MS = 10 * 60_000;

interface NodeSlot {
  node: Node;
  free: number;
  prefix: string;
  nextIp: number;
  hostIP: string;
}

function nodeSlots(registry: Registry): NodeSlot[] {
  const nodes = registry.list<Node>(R.nodes);
  const used = new Map<string, number>();
  for (const p of registry.list<Pod>(R.pods)) if (p.spec.nodeName) used.set(p.spec.nodeName, (used.get(p.spec.nodeName) ?? 0) + 1);
  return nodes.map((node, i) => {
    const cidr = /^(\d+\.\d+\.\d+)\.0\/24$/.exec(node.spec.podCIDR ?? '');
    const capacity = Number(node.status?.allocatable?.pods ?? 110);
    return {
      node,
      free: Math.min(capacity, 250) - (used.get(node.metadata.name) ?? 0),
      prefix: cidr?.[1] ?? `10.244.${i + 1}`,
      // Above what the kubelet hands out first, so settled IPs and later ones do not collide.
      nextIp: 2 + (used.get(node.metadata.name) ?? 0),
      hostIP: node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '',
    };
  });
}

/**
 * Write every Deployment of the cluster that has no ReplicaSet yet as rolled out: ReplicaSet
 * `<deployment>-<pod-template-hash>` at revision 1, its pods Running and Ready on the nodes
 * (spread evenly, within each node's pod capacity), and both statuses as the controllers would
 * report them. Throws when the nodes cannot hold the pods, rather than leaving some Pending.
 */
export function settleWorkloads(registry: Registry): { replicaSets: number; pods: number } {
  const clock = registry.clock;
  const slots = nodeSlots(registry);
  const totalWanted = registry.list<Deployment>(R.deployments).reduce((n, d) => n + desiredReplicas(d), 0);
  const capacity = slots.reduce((n, s) => n + Math.max(0, s.free), 0);
  if (totalWanted > capacity) {
    throw new Error(`settleWorkloads: ${totalWanted} pods do not fit on ${slots.length} nodes (room for ${capacity}); add nodes`);
  }
  const owned = new Set(registry.list<ReplicaSet>(R.replicasets).flatMap((rs) => (rs.metadata.ownerReferences ?? []).map((o) => o.uid)));
  let next = 0;
  let replicaSets = 0;
  let pods = 0;
  const nowMs = clock.now();
  const now = clock.timestamp();
  const startedAt = new Date(nowMs - STARTED_AGO_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const times: SettledTimes = { nowMs, now, startedAt, startedMs: nowMs - STARTED_AGO_MS };

  for (const d0 of registry.list<Deployment>(R.deployments)) {
    if (owned.has(d0.metadata.uid) || d0.spec.paused) continue;
    const ns = d0.metadata.namespace ?? '';
    const n = desiredReplicas(d0);
    const hash = computeHash(d0.spec.template, d0.status?.collisionCount);
    const template = cloneObject(d0.spec.template);
    template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [HASH_LABEL]: hash } };
    const selector = cloneObject(d0.spec.selector);
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [HASH_LABEL]: hash };
    const rsBody: KObjectInput = {
      metadata: {
        name: `${d0.metadata.name}-${hash}`, namespace: ns,
        labels: { ...(template.metadata.labels ?? {}) },
        annotations: {
          ...copiedAnnotations(d0),
          [DESIRED_REPLICAS]: String(n),
          [MAX_REPLICAS]: String(n + maxSurge(d0)),
          [REVISION]: '1',
        },
        ownerReferences: [ownerRefTo(d0)],
      },
      spec: { replicas: n, ...(d0.spec.minReadySeconds ? { minReadySeconds: d0.spec.minReadySeconds } : {}), selector, template },
    };
    // The ReplicaSet as created and then reported by its controller, in one store write.
    const rsCreated = registry.create<ReplicaSet>(R.replicasets, rsBody, { fieldManager: MANAGER, dryRun: true });
    const rsStatus: NonNullable<ReplicaSet['status']> = { replicas: n };
    if (n) Object.assign(rsStatus, { fullyLabeledReplicas: n, readyReplicas: n, availableReplicas: n });
    if (rsCreated.metadata.generation) rsStatus.observedGeneration = rsCreated.metadata.generation;
    const rsFinal = registry.previewWrite<ReplicaSet>(R.replicasets, rsCreated, (draft) => {
      draft.status = rsStatus;
    }, { subresource: 'status', fieldManager: MANAGER });
    const rs = registry.store.create(storeKey(R.replicasets), rsFinal).object as ReplicaSet;
    replicaSets++;

    const stamper = new SettledPodStamper(registry, rs, times);
    for (let i = 0; i < n; i++) {
      // Round-robin over nodes with room, as the scheduler's spreading would roughly do.
      let slot = slots[next % slots.length] as NodeSlot;
      for (let tries = 0; slot.free <= 0 && tries < slots.length; tries++) slot = slots[++next % slots.length] as NodeSlot;
      next++;
      slot.free--;
      stamper.create({ node: slot.node.metadata.name, hostIP: slot.hostIP, podIP: `${slot.prefix}.${slot.nextIp++}` });
      pods++;
    }

    // The Deployment's revision annotation and status, as its controller writes them, in one store write.
    const d1 = registry.previewWrite<Deployment>(R.deployments, d0, (draft) => {
      draft.metadata.annotations = { ...(draft.metadata.annotations ?? {}), [REVISION]: '1' };
    }, { fieldManager: MANAGER });
    const status = calculateStatus(d1, [rs], rs, now);
    if (hasProgressDeadline(d1)) {
      setCondition(status, newCondition('Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${rs.metadata.name}" has successfully progressed.`, now));
    }
    const d2 = registry.previewWrite<Deployment>(R.deployments, d1, (draft) => {
      draft.status = status;
    }, { subresource: 'status', fieldManager: MANAGER });
    registry.store.update(storeKey(R.deployments), d2, Number(d0.metadata.resourceVersion));
  }
  return { replicaSets, pods };
}
