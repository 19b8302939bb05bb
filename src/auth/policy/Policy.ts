/**
 * The gateway policy (`--policy FILE`, docs/policy.md): on top of each cluster's RBAC, which
 * callers may use which clusters at all, which may write there, and which may ask for secret
 * values. A caller may do with a cluster what some rule for them gives there; a caller no rule
 * is for gets nothing (deny by default).
 *
 * Why (security): the gateway holds credentials to every cluster, and cluster RBAC is written
 * per cluster by its own team; a fleet-wide rule ("contractors never touch prod", "the
 * dashboards group is read-only everywhere") would otherwise need every cluster's RBAC to be
 * right at once. Mechanism: every decision here is taken before any cluster is asked: the
 * caller's fleet holds only the clusters they may read (Fleet.as with `accessFor`), a mutation
 * without `write` on every target is refused whole (src/ops/checkWriteAccess.ts), and secret
 * values need `secrets` here and `get` in the cluster as the caller. Out of scope: the policy
 * only takes away; what a caller may do inside a cluster it gives them is that cluster's RBAC,
 * reached through impersonation, and namespaces are not a policy dimension.
 */
import { readFile } from 'node:fs/promises';
import type { ClusterAccess, PolicyCluster } from '../../fleet/ClusterAccess.ts';
import type { Identity } from '../Identity.ts';
import { parsePolicyFile } from './parsePolicyFile.ts';
import { PolicyFileError } from './PolicyFileError.ts';
import { ruleCoversCluster, ruleMatchesCaller, type PolicyRule } from './PolicyRule.ts';

export class Policy {
  private constructor(readonly path: string, readonly rules: readonly PolicyRule[]) {}

  /** Reads and checks the file; a PolicyFileError names a missing, unreadable or malformed one, with the line. */
  static async load(path: string): Promise<Policy> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new PolicyFileError(`policy file ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot be read (${code ?? 'unknown error'})`}`);
    }
    return Policy.parse(text, path);
  }

  /** `path` is for messages only. */
  static parse(text: string, path: string): Policy {
    return new Policy(path, parsePolicyFile(text, path));
  }

  /**
   * A name in clusterNames that is no cluster of the fleet is a typo that would quietly give (or
   * keep) nothing: refused when the fleet loads, with its line.
   */
  checkClusterNames(fleet: readonly string[]): void {
    const known = new Set(fleet);
    for (const [i, rule] of this.rules.entries()) {
      for (const [name, line] of rule.clusterNames ?? []) {
        if (!known.has(name)) throw new PolicyFileError(`policy file ${this.path}, line ${line}: rules[${i}].clusterNames: no cluster ${JSON.stringify(name)} in the fleet (clusters: ${fleet.slice(0, 20).join(', ')}${fleet.length > 20 ? ', ...' : ''})`);
      }
    }
  }

  /** The rules for this caller, in file order. */
  rulesFor(identity: Identity): PolicyRule[] {
    return this.rules.filter((r) => ruleMatchesCaller(r, identity));
  }

  /** The policy's decisions for one caller: what Fleet.as and the write path ask. */
  accessFor(identity: Identity): ClusterAccess {
    const rules = this.rulesFor(identity);
    const some = (cluster: PolicyCluster, given: (r: PolicyRule) => boolean) => rules.some((r) => given(r) && ruleCoversCluster(r, cluster));
    return {
      caller: `user ${JSON.stringify(identity.user)}`,
      mayRead: (c) => some(c, () => true),
      mayWrite: (c) => some(c, (r) => r.access === 'write'),
      maySeeSecrets: (c) => some(c, (r) => r.secrets),
    };
  }

  mayRead(identity: Identity, cluster: PolicyCluster): boolean {
    return this.accessFor(identity).mayRead(cluster);
  }

  mayWrite(identity: Identity, cluster: PolicyCluster): boolean {
    return this.accessFor(identity).mayWrite(cluster);
  }

  maySeeSecrets(identity: Identity, cluster: PolicyCluster): boolean {
    return this.accessFor(identity).maySeeSecrets(cluster);
  }

  /** The clusters this caller may read, in fleet order. */
  clustersFor<C extends PolicyCluster>(identity: Identity, clusters: readonly C[]): C[] {
    const access = this.accessFor(identity);
    return clusters.filter((c) => access.mayRead(c));
  }

  /** One line for the start-up message. */
  describe(): string {
    const n = this.rules.length;
    return `gateway policy from ${this.path} (${n} rule${n === 1 ? '' : 's'}); deny by default: a caller no rule names gets no cluster`;
  }
}
