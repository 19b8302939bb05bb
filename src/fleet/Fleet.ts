/**
 * The fleet: every cluster the gateway serves, in a fixed order (kubeconfig context order), and
 * the one way to pick some of them (a label selector on cluster labels and/or exact names).
 */
import type { Identity } from '../auth/Identity.ts';
import type { ClusterClient } from '../kube/ClusterClient.ts';
import { selectClusters } from './selectClusters.ts';

export interface ClusterSelection {
  clusters?: string | null;
  clusterNames?: readonly string[] | null;
}

export class Fleet {
  private readonly byName: ReadonlyMap<string, ClusterClient>;

  constructor(readonly clusters: readonly ClusterClient[]) {
    this.byName = new Map(clusters.map((c) => [c.name, c]));
  }

  get(name: string): ClusterClient | undefined {
    return this.byName.get(name);
  }

  /** The clusters a fleet-wide field asks; throws SelectorError for a malformed selector or unknown name. */
  select(by: ClusterSelection): ClusterClient[] {
    return selectClusters(this.clusters, by);
  }

  /**
   * The fleet as `identity` sees it: every cluster's client acting as that user (ClusterClient.as),
   * sharing this fleet's connections. `only` narrows it to the clusters a policy gives the caller.
   */
  as(identity: Identity, only?: (cluster: ClusterClient) => boolean): Fleet {
    return new Fleet(this.clusters.filter((c) => only?.(c) ?? true).map((c) => c.as(identity)));
  }

  close(): void {
    for (const c of this.clusters) c.close();
  }
}
