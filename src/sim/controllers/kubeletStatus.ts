/**
 * The kubelet's picture of the pods it runs (containers' states, restarts, back-off) and the
 * pod status it reports from that picture: phase, the five pod conditions, container statuses
 * with running/waiting/terminated states, IPs, start time. Kept apart from the kubelet's
 * lifecycle logic so that the shape of the status lives in one place.
 */
import type { ContainerStatus, JsonObject, Pod, PodCondition, PodStatus } from '../types.ts';
import type { ImageBehaviour } from './images.ts';
import { imageId, qualifiedImage } from './images.ts';

export type ContainerPhase =
  | 'creating' // sandbox and first image pull
  | 'running'
  | 'backoff' // CrashLoopBackOff, waiting to restart
  | 'errImagePull'
  | 'pullBackOff' // ImagePullBackOff, waiting to retry
  | 'pulling' // retrying a pull; still shown as ImagePullBackOff
  | 'exited'; // terminated for good

export interface Terminated {
  exitCode: number;
  reason: string;
  message?: string;
  startedAt?: string;
  finishedAt: string;
  containerID?: string;
}

export interface ContainerRuntime {
  name: string;
  image: string;
  behaviour: ImageBehaviour;
  phase: ContainerPhase;
  /** Cluster time of the next transition, if one is due. */
  nextAt: number | undefined;
  restartCount: number;
  /** The next back-off delay. */
  backoffMs: number;
  containerID: string | undefined;
  startedAt: string | undefined;
  startedMs: number | undefined;
  everStarted: boolean;
  /** The image is being pulled (not already on the node) for the current start. */
  pulling: boolean;
  waitingMessage: string | undefined;
  lastTerminated: Terminated | undefined;
  terminated: Terminated | undefined;
}

export interface PodRuntime {
  uid: string;
  node: string;
  startTime: string;
  sandboxReady: boolean;
  podIP: string | undefined;
  containers: ContainerRuntime[];
  /** When a graceful stop completes (set once the pod is being deleted). */
  killAt: number | undefined;
}

/** Go's time.Duration.String for whole milliseconds: `800ms`, `1.5s`, `1m20s`, `5m0s`. */
export function goDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const totalSeconds = ms / 1000;
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = Number((totalSeconds % 60).toFixed(3));
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}

export function isContainerReady(c: ContainerRuntime, nowMs: number, readyDelayMs: number): boolean {
  return c.phase === 'running' && (c.startedMs ?? 0) + readyDelayMs <= nowMs;
}

function terminatedJson(t: Terminated): JsonObject {
  return {
    ...(t.containerID ? { containerID: t.containerID } : {}),
    exitCode: t.exitCode,
    finishedAt: t.finishedAt,
    ...(t.message ? { message: t.message } : {}),
    reason: t.reason,
    ...(t.startedAt ? { startedAt: t.startedAt } : {}),
  };
}

function stateJson(c: ContainerRuntime): JsonObject {
  switch (c.phase) {
    case 'running': return { running: { startedAt: c.startedAt ?? '' } };
    case 'exited': return { terminated: c.terminated ? terminatedJson(c.terminated) : { exitCode: 0, reason: 'Completed' } };
    case 'creating': return { waiting: { reason: 'ContainerCreating' } };
    case 'errImagePull': return { waiting: { reason: 'ErrImagePull', message: c.waitingMessage ?? '' } };
    case 'pullBackOff':
    case 'pulling': return { waiting: { reason: 'ImagePullBackOff', message: c.waitingMessage ?? '' } };
    case 'backoff': return { waiting: { reason: 'CrashLoopBackOff', message: c.waitingMessage ?? '' } };
  }
}

export function containerStatus(c: ContainerRuntime, ready: boolean): ContainerStatus {
  return {
    ...(c.containerID ? { containerID: c.containerID } : {}),
    image: c.everStarted ? qualifiedImage(c.image) : c.image,
    imageID: c.everStarted ? imageId(c.image) : '',
    lastState: c.lastTerminated ? { terminated: terminatedJson(c.lastTerminated) } : {},
    name: c.name,
    ready,
    restartCount: c.restartCount,
    started: c.phase === 'running',
    state: stateJson(c),
  };
}

/** The pod phase the kubelet derives from its containers (getPhase). */
export function podPhase(rt: PodRuntime): NonNullable<PodStatus['phase']> {
  if (rt.containers.length > 0 && rt.containers.every((c) => c.phase === 'exited')) {
    return rt.containers.every((c) => c.terminated?.exitCode === 0) ? 'Succeeded' : 'Failed';
  }
  return rt.containers.every((c) => c.everStarted) ? 'Running' : 'Pending';
}

/** PodStatus plus the fields the shared type leaves out. */
export type ReportedPodStatus = PodStatus & { hostIPs?: { ip: string }[]; initContainerStatuses?: ContainerStatus[] };

export interface StatusInputs {
  hostIP: string;
  nowMs: number;
  now: string;
  readyDelayMs: number;
}

/** The full status to report for `pod` (whose current conditions keep their transition times). */
export function buildPodStatus(pod: Pod, rt: PodRuntime, inp: StatusInputs): ReportedPodStatus {
  const phase = podPhase(rt);
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const statuses = rt.containers.map((c) => containerStatus(c, !terminal && isContainerReady(c, inp.nowMs, inp.readyDelayMs)));
  const unready = statuses.filter((s) => !s.ready).map((s) => s.name);
  const previous = pod.status?.conditions ?? [];
  const cond = (type: string, ok: boolean, reason?: string, message?: string): PodCondition => {
    const status = ok ? 'True' : 'False';
    const before = previous.find((p) => p.type === type);
    return {
      type, status, lastProbeTime: null,
      lastTransitionTime: before?.status === status && before.lastTransitionTime ? before.lastTransitionTime : inp.now,
      ...(reason ? { reason } : {}), ...(message ? { message } : {}),
    };
  };
  const notReadyReason = terminal ? 'PodCompleted' : 'ContainersNotReady';
  const notReadyMessage = terminal ? undefined : `containers with unready status: [${unready.join(' ')}]`;
  const allReady = unready.length === 0 && !terminal;
  const scheduled = previous.find((p) => p.type === 'PodScheduled') ?? cond('PodScheduled', true);
  const conditions: PodCondition[] = [
    cond('PodReadyToStartContainers', rt.sandboxReady && !terminal),
    terminal ? cond('Initialized', true, 'PodCompleted') : cond('Initialized', true),
    allReady ? cond('Ready', true) : cond('Ready', false, notReadyReason, notReadyMessage),
    allReady ? cond('ContainersReady', true) : cond('ContainersReady', false, notReadyReason, notReadyMessage),
    scheduled,
  ];
  const status: ReportedPodStatus = {
    phase,
    conditions,
    hostIP: inp.hostIP,
    hostIPs: [{ ip: inp.hostIP }],
    ...(rt.podIP ? { podIP: rt.podIP, podIPs: [{ ip: rt.podIP }] } : {}),
    startTime: rt.startTime,
    containerStatuses: statuses,
    ...(pod.status?.qosClass ? { qosClass: pod.status.qosClass } : {}),
  };
  const init = pod.spec.initContainers ?? [];
  if (init.length) {
    status.initContainerStatuses = init.map((c) => ({
      name: c.name, image: qualifiedImage(c.image), imageID: imageId(c.image), ready: true, restartCount: 0, started: false,
      state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: rt.startTime, finishedAt: rt.startTime } }, lastState: {},
    }));
  }
  return status;
}
