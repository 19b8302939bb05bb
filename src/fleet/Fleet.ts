/**
 * The fleet: every cluster the gateway serves, in a fixed order (kubeconfig context order), and
 * the one way to pick some of them (a label selector on cluster labels and/or exact names).
 */
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

  close(): void {
    for (const c of this.clusters) c.close();
  }
}
