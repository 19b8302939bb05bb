/**
 * The kubelets of every node, as one controller: a pod bound to a node is pulled and started
 * (ContainerCreating, then Running and Ready after `podStartMs`, with the Pulling / Pulled /
 * Created / Started events a real kubelet emits), gets an IP from its node's pod CIDR, and is
 * reported in a full pod status. Images named to misbehave crash-loop with doubling back-off,
 * fail to pull (ErrImagePull / ImagePullBackOff) or run to completion. A pod being deleted is
 * stopped (Killing) and removed after its stop time; pods of vanished nodes are removed.
 */
import { ApiError } from '../api/ApiError.ts';
import { stableEqual } from '../registry/stableEqual.ts';
import { R } from '../resources.ts';
import type { Container, Node, Pod } from '../types.ts';
import type { Controller, ControllerDeps } from './ControllerManager.ts';
import { imageBehaviour, imageSize, pullError } from './images.ts';
import {
  buildPodStatus, goDuration, isContainerReady, podPhase, type ContainerRuntime, type PodRuntime, type Terminated,
} from './kubeletStatus.ts';
import { isTerminal } from './podState.ts';
import { unitHash } from './templateHash.ts';

const COMPONENT = 'kubelet';
const MAX_BACKOFF_MS = 300_000;
/** From ErrImagePull to ImagePullBackOff: the kubelet's next sync of the pod. */
const PULL_ERROR_SHOWN_MS = 1000;

function internalIP(node: Node): string {
  return node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '';
}

function hostNetwork(pod: Pod): boolean {
  return pod.spec.hostNetwork === true;
}

export function createKubelet({ ctx, queue }: ControllerDeps): Controller {
  const { registry, clock, events, timings, random } = ctx;
  const runtimes = new Map<string, PodRuntime>();
  /** Pod IPs in use per node, from the pods in the store. */
  const ipsByNode = new Map<string, Set<string>>();
  const ipCursor = new Map<string, number>();
  /** `node \0 image`: images already on a node (IfNotPresent pulls nothing). */
  const imagesOnNodes = new Set<string>();
  const readyDelayMs = timings.minReadyMs ?? 0;

  const trackIp = (pod: Pod | undefined, sign: 1 | -1): void => {
    const ip = pod?.status?.podIP;
    const node = pod?.spec.nodeName;
    if (!ip || !node || hostNetwork(pod)) return;
    let set = ipsByNode.get(node);
    if (!set) ipsByNode.set(node, (set = new Set()));
    if (sign === 1) set.add(ip);
    else set.delete(ip);
  };

  function allocateIp(node: Node): string {
    const cidr = node.spec.podCIDR ?? '';
    const m = /^(\d+\.\d+\.\d+)\.0\/24$/.exec(cidr);
    // Nodes without a /24 pod CIDR get one by their position, as the node IPAM would have.
    const prefix = m?.[1] ?? `10.244.${registry.list<Node>(R.nodes).findIndex((n) => n.metadata.name === node.metadata.name) + 1}`;
    const name = node.metadata.name;
    let set = ipsByNode.get(name);
    if (!set) ipsByNode.set(name, (set = new Set()));
    // Host-local IPAM hands addresses out in turn rather than reusing the last one freed.
    let n = ipCursor.get(name) ?? 1;
    for (let i = 0; i < 253; i++) {
      n = n >= 254 ? 2 : n + 1;
      const ip = `${prefix}.${n}`;
      if (!set.has(ip)) {
        ipCursor.set(name, n);
        set.add(ip);
        return ip;
      }
    }
    return `${prefix}.${n}`;
  }

  const fieldPath = (c: ContainerRuntime): string => `spec.containers{${c.name}}`;

  function containerEvent(pod: Pod, c: ContainerRuntime, type: 'Normal' | 'Warning', reason: string, message: string): void {
    events.record(pod, type, reason, message, COMPONENT, pod.spec.nodeName, fieldPath(c));
  }

  function pullPolicy(pod: Pod, name: string): string {
    const spec = pod.spec.containers.find((c) => c.name === name) as Container | undefined;
    return spec?.imagePullPolicy ?? 'IfNotPresent';
  }

  function needsPull(pod: Pod, c: ContainerRuntime): boolean {
    if (c.behaviour === 'pullfail') return true;
    const policy = pullPolicy(pod, c.name);
    return policy === 'Always' || (policy !== 'Never' && !imagesOnNodes.has(`${pod.spec.nodeName}\u0000${c.image}`));
  }

  function beginPull(pod: Pod, c: ContainerRuntime): void {
    c.pulling = needsPull(pod, c);
    if (c.pulling) containerEvent(pod, c, 'Normal', 'Pulling', `Pulling image "${c.image}"`);
  }

  /** Take a pod on. `quiet`: only to stop it (no pulls, no events). */
  function admit(pod: Pod, node: Node, quiet = false): PodRuntime {
    const now = clock.now();
    // The sandbox (and with it the pod IP) comes first; image pulls and containers follow.
    const rt: PodRuntime = {
      uid: pod.metadata.uid, node: node.metadata.name, startTime: pod.status?.startTime ?? clock.timestamp(),
      sandboxReady: !quiet, podIP: pod.status?.podIP ?? (quiet ? undefined : hostNetwork(pod) ? internalIP(node) : allocateIp(node)), containers: [], killAt: undefined,
    };
    const running = pod.status?.phase === 'Running';
    for (const spec of pod.spec.containers) {
      const seen = pod.status?.containerStatuses?.find((s) => s.name === spec.name);
      const c: ContainerRuntime = {
        name: spec.name, image: spec.image, behaviour: imageBehaviour(spec.image), phase: 'creating',
        nextAt: now + timings.podStartMs, restartCount: seen?.restartCount ?? 0, backoffMs: timings.crashBackoffBaseMs,
        containerID: undefined, startedAt: undefined, startedMs: undefined, everStarted: false, pulling: false,
        waitingMessage: undefined, lastTerminated: undefined, terminated: undefined,
      };
      const state = seen?.state as { running?: { startedAt?: string } } | undefined;
      if (running && state?.running) {
        // Running before this kubelet started (controllers restarted over an existing store): carry on.
        c.phase = 'running';
        c.containerID = seen?.containerID;
        c.startedAt = state.running.startedAt;
        c.startedMs = state.running.startedAt ? Date.parse(state.running.startedAt) : now;
        c.everStarted = true;
        c.nextAt = c.behaviour === 'crash' || c.behaviour === 'complete' ? now + timings.crashLoopRunMs : undefined;
        rt.sandboxReady = true;
      } else if (!quiet) {
        beginPull(pod, c);
      }
      rt.containers.push(c);
    }
    return rt;
  }

  function start(pod: Pod, c: ContainerRuntime): void {
    const now = clock.now();
    if (c.pulling) {
      const pullMs = Math.max(100, Math.round(timings.podStartMs * (0.4 + 0.4 * unitHash(`${c.image}|${pod.metadata.uid}`))));
      containerEvent(pod, c, 'Normal', 'Pulled', `Successfully pulled image "${c.image}" in ${goDuration(pullMs)} (${goDuration(pullMs)} including waiting). Image size: ${imageSize(c.image)} bytes.`);
    } else {
      containerEvent(pod, c, 'Normal', 'Pulled', `Container image "${c.image}" already present on machine`);
    }
    imagesOnNodes.add(`${pod.spec.nodeName}\u0000${c.image}`);
    c.pulling = false;
    c.phase = 'running';
    c.containerID = `containerd://${random.hex(64)}`;
    c.startedAt = clock.timestamp();
    c.startedMs = now;
    c.everStarted = true;
    c.waitingMessage = undefined;
    c.nextAt = c.behaviour === 'crash' || c.behaviour === 'complete' ? now + Math.max(1, timings.crashLoopRunMs) : undefined;
    containerEvent(pod, c, 'Normal', 'Created', `Created container: ${c.name}`);
    containerEvent(pod, c, 'Normal', 'Started', `Started container ${c.name}`);
  }

  function exit(pod: Pod, c: ContainerRuntime): void {
    const now = clock.now();
    const code = c.behaviour === 'crash' ? 1 : 0;
    const term: Terminated = {
      exitCode: code, reason: code ? 'Error' : 'Completed', finishedAt: clock.timestamp(),
      ...(c.startedAt ? { startedAt: c.startedAt } : {}), ...(c.containerID ? { containerID: c.containerID } : {}),
    };
    const policy = pod.spec.restartPolicy ?? 'Always';
    if (policy === 'Never' || (policy === 'OnFailure' && code === 0)) {
      c.phase = 'exited';
      c.terminated = term;
      c.nextAt = undefined;
      return;
    }
    const delay = c.backoffMs;
    const podRef = `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
    c.lastTerminated = term;
    c.restartCount++;
    c.phase = 'backoff';
    c.waitingMessage = `back-off ${goDuration(delay)} restarting failed container=${c.name} pod=${podRef}`;
    c.nextAt = now + Math.max(1, delay);
    c.backoffMs = Math.min(delay * 2, MAX_BACKOFF_MS);
    containerEvent(pod, c, 'Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${podRef}`);
  }

  /** One due transition of one container. */
  function step(pod: Pod, c: ContainerRuntime): void {
    const now = clock.now();
    switch (c.phase) {
      case 'creating':
      case 'pulling':
        if (c.behaviour === 'pullfail') {
          c.phase = 'errImagePull';
          c.waitingMessage = pullError(c.image);
          c.nextAt = now + PULL_ERROR_SHOWN_MS;
          containerEvent(pod, c, 'Warning', 'Failed', `Failed to pull image "${c.image}": ${pullError(c.image)}`);
          containerEvent(pod, c, 'Warning', 'Failed', 'Error: ErrImagePull');
        } else {
          start(pod, c);
        }
        return;
      case 'errImagePull':
        c.phase = 'pullBackOff';
        c.waitingMessage = `Back-off pulling image "${c.image}": ErrImagePull: ${pullError(c.image)}`;
        c.nextAt = now + Math.max(1, c.backoffMs);
        c.backoffMs = Math.min(c.backoffMs * 2, MAX_BACKOFF_MS);
        containerEvent(pod, c, 'Normal', 'BackOff', `Back-off pulling image "${c.image}"`);
        containerEvent(pod, c, 'Warning', 'Failed', 'Error: ImagePullBackOff');
        return;
      case 'pullBackOff':
        c.phase = 'pulling';
        c.nextAt = now + Math.max(1, timings.podStartMs);
        beginPull(pod, c);
        return;
      case 'running':
        exit(pod, c);
        return;
      case 'backoff':
        beginPull(pod, c);
        start(pod, c);
        return;
      case 'exited':
        c.nextAt = undefined;
    }
  }

  function writeStatus(pod: Pod, node: Node, rt: PodRuntime): void {
    const inputs = { hostIP: internalIP(node), nowMs: clock.now(), now: clock.timestamp(), readyDelayMs };
    // The status already reported (a pod taken on Running, a sync with nothing new): the write
    // would be a no-op, so skip its clone and managedFields bookkeeping, the bulk of a
    // kubelet's first look at a settled fleet.
    const current = registry.get<Pod>(R.pods, pod.metadata.namespace ?? '', pod.metadata.name);
    if (current?.metadata.uid === rt.uid && stableEqual(current.status, buildPodStatus(current, rt, inputs))) return;
    registry.mutate<Pod>(R.pods, pod.metadata.namespace ?? '', pod.metadata.name, (draft) => {
      if (draft.metadata.uid !== rt.uid) return;
      draft.status = buildPodStatus(draft, rt, inputs);
    }, { subresource: 'status', fieldManager: COMPONENT });
  }

  function scheduleNext(key: string, rt: PodRuntime): void {
    const now = clock.now();
    let next: number | undefined;
    for (const c of rt.containers) {
      if (c.nextAt !== undefined) next = next === undefined ? c.nextAt : Math.min(next, c.nextAt);
      if (c.phase === 'running' && !isContainerReady(c, now, readyDelayMs)) {
        const readyAt = (c.startedMs ?? now) + readyDelayMs;
        next = next === undefined ? readyAt : Math.min(next, readyAt);
      }
    }
    if (next !== undefined) queue.addAfter(key, Math.max(1, next - now));
  }

  function removePod(pod: Pod): void {
    try {
      registry.delete(R.pods, pod.metadata.namespace ?? '', pod.metadata.name, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
    } catch (e) {
      if (!(e instanceof ApiError) || (e.reason !== 'NotFound' && e.reason !== 'Conflict')) throw e;
    }
  }

  /** A pod being deleted: stop its containers (Killing), then remove it after its stop time. */
  function terminate(key: string, pod: Pod, node: Node, existing: PodRuntime | undefined): void {
    const now = clock.now();
    const rt = existing ?? admit(pod, node, true);
    runtimes.set(key, rt);
    if (rt.killAt === undefined) {
      const graceMs = (pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30) * 1000;
      rt.killAt = now + Math.min(timings.podTerminationMs, graceMs);
      for (const c of rt.containers) {
        if (c.phase === 'running') containerEvent(pod, c, 'Normal', 'Killing', `Stopping container ${c.name}`);
        c.nextAt = undefined;
      }
    }
    if (now < rt.killAt) {
      queue.addAfter(key, rt.killAt - now);
      return;
    }
    const finishedAt = clock.timestamp();
    for (const c of rt.containers) {
      if (c.phase === 'exited') continue;
      if (c.phase === 'running') {
        c.terminated = { exitCode: 0, reason: 'Completed', finishedAt, ...(c.startedAt ? { startedAt: c.startedAt } : {}), ...(c.containerID ? { containerID: c.containerID } : {}) };
      } else {
        c.terminated = c.lastTerminated ?? { exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was terminated', finishedAt };
      }
      c.phase = 'exited';
    }
    // Since 1.27 the kubelet reports a deleted pod's terminal phase before it goes.
    if (!isTerminal(pod)) writeStatus(pod, node, rt);
    removePod(pod);
    runtimes.delete(key);
  }

  return {
    name: COMPONENT,
    onChange(change) {
      if (change.resource === '/pods') {
        const prev = change.previous?.object as Pod | undefined;
        const pod = change.current.object as Pod;
        const key = `${change.namespace}/${change.name}`;
        trackIp(prev, -1);
        if (change.type === 'DELETED') {
          if (runtimes.has(key)) queue.add(key);
          return;
        }
        trackIp(pod, 1);
        if (!pod.spec.nodeName) return;
        if (!prev || prev.spec.nodeName !== pod.spec.nodeName || prev.metadata.uid !== pod.metadata.uid
          || prev.metadata.deletionTimestamp !== pod.metadata.deletionTimestamp) queue.add(key);
      } else if (change.resource === '/nodes' && change.type === 'DELETED') {
        for (const pod of registry.list<Pod>(R.pods)) {
          if (pod.spec.nodeName === change.name) queue.add(`${pod.metadata.namespace}/${pod.metadata.name}`);
        }
      }
    },
    start() {
      for (const pod of registry.list<Pod>(R.pods)) {
        trackIp(pod, 1);
        if (pod.spec.nodeName && (!isTerminal(pod) || pod.metadata.deletionTimestamp)) queue.add(`${pod.metadata.namespace}/${pod.metadata.name}`);
      }
    },
    reconcile(key) {
      const [ns = '', name = ''] = key.split('/');
      const pod = registry.get<Pod>(R.pods, ns, name);
      let rt = runtimes.get(key);
      if (!pod || !pod.spec.nodeName) {
        runtimes.delete(key);
        return;
      }
      if (rt && rt.uid !== pod.metadata.uid) {
        runtimes.delete(key);
        rt = undefined;
      }
      const node = registry.get<Node>(R.nodes, '', pod.spec.nodeName);
      if (!node) {
        // The pod garbage collector's job in kube: pods bound to a node that is gone go too.
        removePod(pod);
        runtimes.delete(key);
        return;
      }
      if (pod.metadata.deletionTimestamp) return terminate(key, pod, node, rt);
      if (!rt) {
        if (isTerminal(pod)) return;
        rt = admit(pod, node);
        runtimes.set(key, rt);
      }
      const now = clock.now();
      for (const c of rt.containers) {
        for (let guard = 0; c.nextAt !== undefined && c.nextAt <= now && guard < 100; guard++) step(pod, c);
      }
      writeStatus(pod, node, rt);
      if (podPhase(rt) === 'Succeeded' || podPhase(rt) === 'Failed') runtimes.delete(key);
      else scheduleNext(key, rt);
    },
  };
}
