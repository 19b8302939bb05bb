/**
 * Node heartbeats: the kubelet's periodic node status (each condition's lastHeartbeatTime) and
 * its Lease in kube-node-lease, renewed every 40 s of cluster time, node by node, staggered so
 * writes do not bunch up. Clusters with very many nodes skip heartbeats altogether: nothing in
 * the simulator needs them, and hundreds of writes a minute would crowd the watch history.
 */
import { R } from '../resources.ts';
import type { KObject, Node } from '../types.ts';
import type { Controller, ControllerDeps } from './ControllerManager.ts';
import { unitHash } from './templateHash.ts';

const HEARTBEAT_MS = 40_000;
const MAX_NODES_WITH_HEARTBEAT = 100;

type Lease = KObject & { spec?: { holderIdentity?: string; leaseDurationSeconds?: number; renewTime?: string } };

export function createNodeController({ ctx, queue }: ControllerDeps): Controller {
  const { registry, clock } = ctx;
  const stagger = (name: string): number => 1000 + Math.floor(unitHash(name) * (HEARTBEAT_MS - 1000));
  const tooMany = (): boolean => registry.store.count('/nodes') > MAX_NODES_WITH_HEARTBEAT;

  return {
    name: 'node-controller',
    onChange(change) {
      if (change.resource === '/nodes' && change.type === 'ADDED') queue.addAfter(change.name, stagger(change.name));
    },
    start() {
      for (const n of registry.list<Node>(R.nodes)) queue.addAfter(n.metadata.name, stagger(n.metadata.name));
    },
    reconcile(name) {
      const node = registry.get<Node>(R.nodes, '', name);
      if (!node || tooMany()) return;
      const now = clock.timestamp();
      registry.mutate<Node>(R.nodes, '', name, (draft) => {
        for (const c of draft.status?.conditions ?? []) c.lastHeartbeatTime = now;
      }, { subresource: 'status', fieldManager: 'kubelet' });
      if (registry.get(R.leases, 'kube-node-lease', name)) {
        registry.mutate<Lease>(R.leases, 'kube-node-lease', name, (draft) => {
          draft.spec = { ...(draft.spec ?? {}), renewTime: clock.microTimestamp() };
        }, { fieldManager: 'kubelet' });
      }
      queue.addAfter(name, HEARTBEAT_MS);
    },
  };
}
