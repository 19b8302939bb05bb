/**
 * The pods of one settled ReplicaSet, each in the final state its controllers would have left it
 * (created by the ReplicaSet controller, bound by the scheduler, reported Running and Ready by
 * the kubelet) and written to the store in one write. The first pod goes through the registry's
 * own write path three times without storing (create, binding, status), so its defaults,
 * statuses and managedFields are exactly what those writes record; every further pod is that
 * prototype with its own name, uid, node, IPs and container ids.
 *
 * Why share: 100,000 pods each recomputing three managedFields entries (field-set diffs and
 * encodings) is most of the CPU of a settled start, and each pod holding its own copy of the
 * same spec, conditions and field trees is most of its memory. Stored objects are deep-frozen
 * and every write path clones before changing anything, so subtrees shared between pods can
 * never be changed through one pod into another (the settled-fleet tests hold this).
 */
import type { Registry } from '../registry/Registry.ts';
import { R, storeKey } from '../resources.ts';
import { StoreError } from '../store/ObjectStore.ts';
import { cloneObject, type KObject, type KObjectInput, type ManagedFieldsEntry, type Pod, type PodCondition, type ReplicaSet } from '../types.ts';
import { imageBehaviour } from '../controllers/images.ts';
import { buildPodStatus, type ContainerRuntime, type PodRuntime } from '../controllers/kubeletStatus.ts';
import { ownerRefTo } from '../controllers/OwnerIndex.ts';

/** Where one pod runs. */
export interface PodPlacement {
  node: string;
  hostIP: string;
  podIP: string;
}

/** The cluster times every settled pod shares. */
export interface SettledTimes {
  nowMs: number;
  now: string;
  /** When the containers started (long enough ago to be past any readiness delay). */
  startedAt: string;
  startedMs: number;
}

const CONTROLLER_MANAGER = 'kube-controller-manager';

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}

/** The managedFields key of an associative list item keyed by `ip` (hostIPs, podIPs). */
function ipKey(ip: string): string {
  return `k:${JSON.stringify({ ip })}`;
}

/**
 * `value` with the object keys named in `renames` renamed, sharing every subtree that holds none
 * of them (the same object when nothing changes).
 */
function rekey(value: unknown, renames: ReadonlyMap<string, string>): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  let out: Record<string, unknown> | undefined;
  const entries = Object.entries(value as Record<string, unknown>);
  for (const [k, v] of entries) {
    const nk = renames.get(k);
    const nv = rekey(v, renames);
    if (nk !== undefined || nv !== v) {
      out = {};
      break;
    }
  }
  if (!out) return value;
  for (const [k, v] of entries) out[renames.get(k) ?? k] = rekey(v, renames);
  return out;
}

/** Writes the pods of `rs` (whose template they run) in their final state, one store write each. */
export class SettledPodStamper {
  private prototype: Pod | undefined;

  constructor(
    private readonly registry: Registry,
    private readonly rs: ReplicaSet,
    private readonly times: SettledTimes,
  ) {}

  /** Create one more pod of the ReplicaSet, Running and Ready at `placement`. */
  create(placement: PodPlacement): Pod {
    const proto = this.prototype;
    // A pod on the host's network has its node's IP: the IP-keyed fields are not per pod then.
    if (!proto || this.rs.spec.template.spec?.hostNetwork) {
      const pod = deepFreeze(this.throughRegistry(placement));
      this.prototype ??= pod;
      return this.store(pod);
    }
    for (let attempt = 0; ; attempt++) {
      try {
        return this.store(this.derive(proto, placement));
      } catch (e) {
        // A generated name taken already: the apiserver would answer 409; the controller retries.
        if (!(e instanceof StoreError && e.reason === 'AlreadyExists') || attempt >= 5) throw e;
      }
    }
  }

  private store(pod: Pod): Pod {
    return this.registry.store.create(storeKey(R.pods), pod).object as Pod;
  }

  /** The pod the ReplicaSet controller, the scheduler and the kubelet would write, computed by the registry. */
  private throughRegistry(placement: PodPlacement): Pod {
    const { registry, rs, times } = this;
    const template = rs.spec.template;
    const body: KObjectInput = {
      metadata: {
        generateName: `${rs.metadata.name}-`, namespace: rs.metadata.namespace,
        labels: { ...(template.metadata?.labels ?? {}) },
        ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
        ownerReferences: [ownerRefTo(rs)],
      },
      spec: cloneObject(template.spec),
    };
    const created = registry.create<Pod>(R.pods, body, { fieldManager: CONTROLLER_MANAGER, dryRun: true });
    // What Registry.bind writes (pods/binding), as the scheduler.
    const bound = registry.previewWrite<Pod>(R.pods, created, (draft) => {
      draft.spec.nodeName = placement.node;
      const status = (draft.status ??= {});
      const scheduled: PodCondition = { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: times.now };
      status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== 'PodScheduled'), scheduled];
    }, { subresource: 'binding', fieldManager: 'kube-scheduler' });
    const rt: PodRuntime = {
      uid: created.metadata.uid, node: placement.node, startTime: times.startedAt, sandboxReady: true,
      podIP: placement.podIP, killAt: undefined,
      containers: created.spec.containers.map((c): ContainerRuntime => ({
        name: c.name, image: c.image, behaviour: imageBehaviour(c.image), phase: 'running', nextAt: undefined,
        restartCount: 0, backoffMs: 0, containerID: `containerd://${registry.random.hex(64)}`, startedAt: times.startedAt,
        startedMs: times.startedMs, everStarted: true, pulling: false, waitingMessage: undefined, lastTerminated: undefined,
        terminated: undefined,
      })),
    };
    const running = registry.previewWrite<Pod>(R.pods, bound, (draft) => {
      draft.status = buildPodStatus(draft, rt, { hostIP: placement.hostIP, nowMs: times.nowMs, now: times.now, readyDelayMs: 0 });
    }, { subresource: 'status', fieldManager: 'kubelet' });
    return running;
  }

  /** `proto` as another pod of the same ReplicaSet: own name, uid, node, IPs and container ids. */
  private derive(proto: Pod, placement: PodPlacement): Pod {
    const { random } = this.registry;
    const ps = proto.status ?? {};
    const renames = new Map<string, string>();
    if (ps.podIP) renames.set(ipKey(ps.podIP), ipKey(placement.podIP));
    if (ps.hostIP && ps.hostIP !== placement.hostIP) renames.set(ipKey(ps.hostIP), ipKey(placement.hostIP));
    const managedFields = (proto.metadata.managedFields ?? []).map((e) =>
      e.manager === 'kubelet' && e.subresource === 'status' ? { ...e, fieldsV1: rekey(e.fieldsV1, renames) as ManagedFieldsEntry['fieldsV1'] } : e);
    const hostIPs = ps.hostIP === placement.hostIP ? (ps as { hostIPs?: unknown }).hostIPs : [{ ip: placement.hostIP }];
    // Spreads keep the prototype's key order, so each pod serializes as if written on its own.
    const meta: KObject['metadata'] = {
      ...proto.metadata,
      name: `${proto.metadata.generateName ?? ''}${random.suffix(5)}`,
      uid: random.uuid(),
      managedFields,
    };
    return {
      ...proto,
      metadata: meta,
      spec: { ...proto.spec, nodeName: placement.node },
      status: {
        ...ps,
        hostIP: placement.hostIP,
        hostIPs,
        podIP: placement.podIP,
        podIPs: [{ ip: placement.podIP }],
        containerStatuses: (ps.containerStatuses ?? []).map((c) => ({ ...c, containerID: `containerd://${random.hex(64)}` })),
      },
    } as Pod;
  }
}
