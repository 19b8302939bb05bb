/** The Cluster an object came from (always in the fleet: objects only come from its clusters). */
import type { Fleet } from '../src/fleet/Fleet.ts';
import type { ClusterClient } from '../src/kube/ClusterClient.ts';

export function clusterOf(fleet: Fleet, name: string): ClusterClient {
  const c = fleet.get(name);
  if (!c) throw new Error(`object from cluster "${name}", which is not in the fleet`);
  return c;
}

/** The `cluster` field every object type has. */
export const clusterField = (o: { cluster: string }, _args: unknown, ctx: { fleet: Fleet }): ClusterClient => clusterOf(ctx.fleet, o.cluster);
