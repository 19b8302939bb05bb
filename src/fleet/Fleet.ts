/**
 * The fleet: every cluster the gateway serves, in a fixed order (kubeconfig context order), and
 * the one way to pick some of them (a label selector on cluster labels and/or exact names).
 */
import type { Identity } from '../auth/Identity.ts';
import type { ClusterClient } from '../kube/ClusterClient.ts';
import type { ClusterAccess } from './ClusterAccess.ts';
import { clusterList, PolicyForbidden } from './PolicyForbidden.ts';
import { selectClusters } from './selectClusters.ts';

export interface ClusterSelection {
  clusters?: string | null;
  clusterNames?: readonly string[] | null;
}

export class Fleet {
  private readonly byName: ReadonlyMap<string, ClusterClient>;

  /**
   * @param access the gateway policy's decisions for the caller this fleet serves (Fleet.as);
   *   absent: no policy, every cluster of `clusters` may be used as cluster RBAC allows.
   * @param withheld the names of clusters the policy keeps from that caller (not in `clusters`).
   */
  constructor(
    readonly clusters: readonly ClusterClient[],
    readonly access?: ClusterAccess,
    private readonly withheld: ReadonlySet<string> = new Set(),
  ) {
    this.byName = new Map(clusters.map((c) => [c.name, c]));
  }

  get(name: string): ClusterClient | undefined {
    return this.byName.get(name);
  }

  /**
   * The clusters a fleet-wide field asks; throws SelectorError for a malformed selector or unknown
   * name, PolicyForbidden for a name the policy withholds. A selector simply does not match them.
   */
  select(by: ClusterSelection, purpose: 'data' | 'listing' = 'data'): ClusterClient[] {
    if (by.clusterNames) this.refuseWithheld(by.clusterNames);
    // A caller the policy gives no cluster at all: their fleet-wide reads would answer empty lists
    // with no error, which reads as "nothing there"; say why instead. Listing their clusters
    // (`clusters`) is still the true answer: none.
    if (purpose === 'data' && this.clusters.length === 0 && this.withheld.size > 0) {
      throw new PolicyForbidden([], `the gateway policy gives ${this.access?.caller ?? 'you'} no cluster`);
    }
    return selectClusters(this.clusters, by);
  }

  /** Whether the gateway policy keeps this cluster from the caller (it exists, but not for them). */
  isWithheld(name: string): boolean {
    return this.withheld.has(name);
  }

  /**
   * Why (security): a name the caller writes must not reach a cluster the policy keeps from
   * them, and must not look unknown either (they would take the gateway for misconfigured, or
   * be told "no such cluster" while a colleague reads it). Mechanism: the names withheld from
   * this caller's fleet are remembered at Fleet.as and refused here with FORBIDDEN before any
   * cluster is asked. Out of scope: whether a name exists at all is no secret from a caller who
   * guesses it (FORBIDDEN versus "unknown" tells them); the fleet's other names are never listed.
   */
  refuseWithheld(names: Iterable<string>, argument = 'clusterNames'): void {
    const refused = [...new Set(names)].filter((n) => this.withheld.has(n));
    if (refused.length === 0) return;
    throw new PolicyForbidden(refused, `${argument}: the gateway policy does not give ${this.access?.caller ?? 'you'} cluster${refused.length === 1 ? '' : 's'} ${clusterList(refused)}`);
  }

  /**
   * The fleet as `identity` sees it: every cluster's client acting as that user (ClusterClient.as),
   * sharing this fleet's connections. `only` narrows it to the clusters a policy gives the caller:
   * a predicate, or the policy's ClusterAccess for the caller (whose decisions the write path
   * then asks too, and whose withheld clusters are refused by name).
   */
  as(identity: Identity, only?: ((cluster: ClusterClient) => boolean) | ClusterAccess): Fleet {
    const given = typeof only === 'function' ? only : only ? (c: ClusterClient) => only.mayRead(c) : () => true;
    const withheld = new Set(this.clusters.filter((c) => !given(c)).map((c) => c.name));
    return new Fleet(
      this.clusters.filter((c) => !withheld.has(c.name)).map((c) => c.as(identity)),
      typeof only === 'object' ? only : undefined,
      withheld,
    );
  }

  close(): void {
    for (const c of this.clusters) c.close();
  }
}
