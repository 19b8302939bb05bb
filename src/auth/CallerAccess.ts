/**
 * What a caller may be served of the gateway's stores, in Kubernetes terms: `list` for a cached
 * read (WatchCache), `list` and `watch` for a subscription (a list+watch needs both), on a
 * resource in the namespace scope the read or subscription covers. Each answer is an access
 * review asked as the caller (AccessReviewer.ts, which caches them briefly).
 *
 * The scope is the one the same request made live as the caller would be authorized for: a
 * namespaced read or subscription checks its namespace; one across all namespaces checks the
 * cluster scope (a caller bound only by Roles in some namespaces is refused, as its own
 * all-namespaces LIST would be), except on a cluster with a namespace scope (namespaceScope.ts),
 * where an all-namespaces read is one read per namespace of the scope and each is checked.
 * Cluster-scoped resources (nodes, namespaces) are checked at the cluster scope.
 */
import type { ClusterClient } from '../kube/ClusterClient.ts';
import type { ClusterError } from '../kube/ClusterError.ts';
import type { ResourceType } from '../kube/resources.ts';
import type { AccessReviewer, AccessVerdict } from './AccessReviewer.ts';
import type { Identity } from './Identity.ts';

/** A refusal (the error to give the caller), or null: allowed. */
export type AccessOutcome = ClusterError | null;

export class CallerAccess {
  /** Changes kept from subscribers that may not see them (callerChanges.ts), for tests and status. */
  withheld = 0;

  constructor(readonly reviewer: AccessReviewer) {}

  /** The namespaces (null: all of them, or the cluster scope) a read of `type` in `namespace` (null: all) is checked in. */
  static scopes(client: ClusterClient, type: ResourceType, namespace: string | null | undefined): ReadonlyArray<string | null> {
    if (!type.namespaced) return [null];
    if (namespace) return [namespace];
    return client.namespaces ?? [null];
  }

  /**
   * Whether `identity` may do every one of `verbs` on `type` in every one of `namespaces`: null,
   * or the first refusal met. Synchronous when every answer is held.
   */
  check(client: ClusterClient, identity: Identity, type: ResourceType, namespaces: ReadonlyArray<string | null>, verbs: readonly string[]): AccessOutcome | Promise<AccessOutcome> {
    let waiting: Array<Promise<AccessVerdict>> | undefined;
    for (const namespace of namespaces) {
      for (const verb of verbs) {
        const verdict = this.reviewer.check(client, identity, { verb, group: type.group, resource: type.plural, namespace });
        if (verdict instanceof Promise) (waiting ??= []).push(verdict);
        else if (!verdict.allowed) return verdict.error;
      }
    }
    if (!waiting) return null;
    return Promise.all(waiting).then((verdicts) => {
      for (const v of verdicts) if (!v.allowed) return v.error;
      return null;
    });
  }

  /** The same answer when every part of it is held: true, false (a held refusal), or undefined (something must be asked). */
  known(client: ClusterClient, identity: Identity, type: ResourceType, namespaces: ReadonlyArray<string | null>, verbs: readonly string[]): boolean | undefined {
    let all = true;
    for (const namespace of namespaces) {
      for (const verb of verbs) {
        const verdict = this.reviewer.known(client, identity, { verb, group: type.group, resource: type.plural, namespace });
        if (verdict && !verdict.allowed) return false;
        if (!verdict) all = false;
      }
    }
    return all ? true : undefined;
  }

  /** For the read cache: may the caller `client` acts as list `type` in `namespace` (null: all namespaces)? */
  mayList(client: ClusterClient, type: ResourceType, namespace: string | null): AccessOutcome | Promise<AccessOutcome> {
    return this.check(client, actingAs(client), type, CallerAccess.scopes(client, type, namespace), LIST);
  }

  /** For the read cache's joins: the held answer to `mayList`, or undefined when it must be asked. */
  knownMayList(client: ClusterClient, type: ResourceType, namespace: string | null): boolean | undefined {
    return this.known(client, actingAs(client), type, CallerAccess.scopes(client, type, namespace), LIST);
  }
}

const LIST = ['list'] as const;

/** What a subscriber needs: a list+watch (the gateway's stream is one) needs both verbs. */
export const LIST_AND_WATCH = ['list', 'watch'] as const;

function actingAs(client: ClusterClient): Identity {
  if (!client.actingAs) throw new Error(`CallerAccess: the client of cluster ${client.name} acts as no caller`);
  return client.actingAs;
}
