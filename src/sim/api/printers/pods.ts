/**
 * The Pod printer: printPod's Ready, Status (the aggregate reason kubectl shows, from init
 * containers through Terminating), Restarts and the wide columns, plus the Completed row condition.
 */

import type { Obj } from '../obj.ts';
import { int, isObj, obj, objs, str } from '../obj.ts';
import { humanDuration, parseTime } from './humanDuration.ts';
import { age, nameOf } from './cells.ts';
import type { Printer } from './printer.ts';
import { AGE, col, NAME, wide } from './printer.ts';

function podStatus(pod: Obj, now: number): { ready: string; reason: string; restarts: string } {
  const spec = obj(pod['spec']);
  const status = obj(pod['status']);
  const meta = obj(pod['metadata']);
  const initSpecs = new Map(objs(spec['initContainers']).map((c) => [str(c['name']), c]));
  const restartable = (name: string): boolean => initSpecs.get(name)?.['restartPolicy'] === 'Always';
  const total = objs(spec['containers']).length + [...initSpecs.values()].filter((c) => c['restartPolicy'] === 'Always').length;
  let ready = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart: number | undefined;
  let lastSidecarRestart: number | undefined;
  const later = (a: number | undefined, b: number | undefined): number | undefined => (b !== undefined && (a === undefined || b > a) ? b : a);
  const phase = str(status['phase']);
  let reason = str(status['reason']) || phase;
  for (const c of objs(status['conditions'])) if (c['type'] === 'PodScheduled' && c['reason'] === 'SchedulingGated') reason = 'SchedulingGated';

  const inits = objs(status['initContainerStatuses']);
  let initializing = false;
  for (let i = 0; i < inits.length; i++) {
    const c = obj(inits[i]);
    const name = str(c['name']);
    const state = obj(c['state']);
    const finished = parseTime(obj(obj(c['lastState'])['terminated'])['finishedAt']);
    restarts += int(c['restartCount']);
    lastRestart = later(lastRestart, finished);
    if (restartable(name)) {
      sidecarRestarts += int(c['restartCount']);
      lastSidecarRestart = later(lastSidecarRestart, finished);
    }
    const term = isObj(state['terminated']) ? state['terminated'] : undefined;
    const wait = isObj(state['waiting']) ? state['waiting'] : undefined;
    if (term && int(term['exitCode']) === 0) continue;
    if (restartable(name) && c['started'] === true) {
      if (c['ready'] === true) ready++;
      continue;
    }
    if (term) {
      const r = str(term['reason']);
      reason = r !== '' ? `Init:${r}` : int(term['signal']) !== 0 ? `Init:Signal:${int(term['signal'])}` : `Init:ExitCode:${int(term['exitCode'])}`;
    } else if (wait && str(wait['reason']) !== '' && wait['reason'] !== 'PodInitializing') {
      reason = `Init:${str(wait['reason'])}`;
    } else {
      reason = `Init:${i}/${initSpecs.size}`;
    }
    initializing = true;
    break;
  }
  const initialized = objs(status['conditions']).some((c) => c['type'] === 'Initialized' && c['status'] === 'True');
  if (!initializing || initialized) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = objs(status['containerStatuses']);
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = obj(statuses[i]);
      const state = obj(c['state']);
      restarts += int(c['restartCount']);
      lastRestart = later(lastRestart, parseTime(obj(obj(c['lastState'])['terminated'])['finishedAt']));
      const wait = obj(state['waiting']);
      const term = isObj(state['terminated']) ? state['terminated'] : undefined;
      if (str(wait['reason']) !== '') reason = str(wait['reason']);
      else if (term && str(term['reason']) !== '') reason = str(term['reason']);
      else if (term) reason = int(term['signal']) !== 0 ? `Signal:${int(term['signal'])}` : `ExitCode:${int(term['exitCode'])}`;
      else if (c['ready'] === true && isObj(state['running'])) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = objs(status['conditions']).some((c) => c['type'] === 'Ready' && c['status'] === 'True') ? 'Running' : 'NotReady';
    }
  }
  if (meta['deletionTimestamp'] && status['reason'] === 'NodeLost') reason = 'Unknown';
  else if (meta['deletionTimestamp'] && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';
  const restartsText = restarts !== 0 && lastRestart !== undefined ? `${restarts} (${humanDuration(now - lastRestart)} ago)` : String(restarts);
  return { ready: `${ready}/${total}`, reason, restarts: restartsText };
}

export const podPrinter: Printer = {
  columns: [
    NAME,
    col('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    col('Status', 'string', 'The aggregate status of the containers in this pod.'),
    col('Restarts', 'string', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
    AGE,
    wide('IP', 'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.'),
    wide('Node', 'NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName. Once this field is set, the kubelet for this node becomes responsible for the lifecycle of this pod. This field should not be used to express a desire for the pod to be scheduled on a specific node. https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename'),
    wide('Nominated Node', 'nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods. This field does not guarantee that the pod will be scheduled on this node. Scheduler may decide to place the pod elsewhere if other nodes become available sooner. Scheduler may also decide to give the resources on this node to a higher priority pod that is created after preemption. As a result, this field may be different than PodSpec.nodeName when the pod is scheduled.'),
    wide('Readiness Gates', 'If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to "True" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates'),
  ],
  cells(pod, now) {
    const spec = obj(pod['spec']);
    const status = obj(pod['status']);
    const s = podStatus(pod, now);
    // v1 conversion fills podIPs from podIP when only the latter is set.
    const ip = str(objs(status['podIPs'])[0]?.['ip']) || str(status['podIP']) || '<none>';
    const gates = objs(spec['readinessGates']);
    const conditions = objs(status['conditions']);
    const gatesText = gates.length === 0 ? '<none>'
      : `${gates.filter((g) => conditions.find((c) => c['type'] === g['conditionType'])?.['status'] === 'True').length}/${gates.length}`;
    return [nameOf(pod), s.ready, s.reason, s.restarts, age(pod, now), ip, str(spec['nodeName']) || '<none>', str(status['nominatedNodeName']) || '<none>', gatesText];
  },
  conditions(pod) {
    const phase = obj(pod['status'])['phase'];
    if (phase === 'Succeeded') return [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }];
    if (phase === 'Failed') return [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];
    return undefined;
  },
};
