/**
 * A subscriber's resource changes, filtered for the caller: the watch hub's streams are filled
 * under the gateway's identity, so what each subscriber receives is checked against its own
 * access in each cluster (CallerAccess: `list` and `watch` on the resource, in the namespace
 * scope it subscribed to, as access reviews asked as the caller and cached briefly).
 *
 * Why (security): without this, any subscriber would receive every change the gateway can see,
 * whatever its own RBAC. Mechanism:
 * - `admitSubscriber`, when subscribing: a cluster where the caller may not list and watch what it
 *   asked for is left out of the hub subscription (none of its changes are read for this
 *   subscriber) and told as that cluster's FORBIDDEN error delivery; when no cluster is left, the
 *   subscription itself is refused with that error (as the hub refuses one it has nothing to stream for).
 * - `callerChanges`, for every delivery after that: each change is checked again against the
 *   cached review for its cluster, resource and namespace scope before it is delivered. So a
 *   revoked Role or RoleBinding stops the changes within the review TTL (AccessReviewer.ts): the
 *   subscriber gets one FORBIDDEN error delivery for that cluster (and scope), then nothing from
 *   it; if access comes back, the changes do too. A gap of a cluster is told without its count
 *   when the caller may not read all of that cluster's streams, and not at all when it may read
 *   none; a stream problem of such a cluster is not passed on.
 * Out of scope: the object-level rules RBAC has beyond resource and namespace (resourceNames on
 * list/watch): such a caller is refused the whole scope, as its own LIST or watch would be.
 */
import type { ClusterClient } from '../kube/ClusterClient.ts';
import type { ClusterError } from '../kube/ClusterError.ts';
import type { ResourceType } from '../kube/resources.ts';
import type { ResourceChangeEntry } from '../live/WatchHub.ts';
import type { HubDelivery } from '../live/withProblems.ts';
import { CallerAccess, LIST_AND_WATCH, type AccessOutcome } from './CallerAccess.ts';
import type { Identity } from './Identity.ts';

export interface CallerChangesOptions {
  access: CallerAccess;
  identity: Identity;
  /** The caller's client of a cluster, by name (the request's fleet). */
  client: (cluster: string) => ClusterClient | undefined;
  type: ResourceType;
  /** The namespace subscribed to; null or undefined: all namespaces. */
  namespace: string | null | undefined;
}

/** Which clusters a subscriber may be served, and what to tell it first. */
export interface Admission {
  admitted: string[];
  /** Refusals to deliver first (one per refused cluster, or per refused namespace of a scoped cluster), with the scope each is about. */
  refused: Array<{ error: ClusterError; namespace: string | null }>;
}

type Delivery = HubDelivery<ResourceChangeEntry>;

const SKIP = Symbol('skip');

const scopeKey = (cluster: string, namespace: string | null) => `${namespace ?? ''}\u0000${cluster}`;

/** The caller's access to each cluster it subscribes to (see the module comment). */
export async function admitSubscriber(clusters: readonly string[], options: CallerChangesOptions): Promise<Admission> {
  const { access, identity, type } = options;
  const checked = await Promise.all(clusters.map(async (cluster) => {
    const client = options.client(cluster);
    if (!client) return { cluster, outcomes: [] as AccessOutcome[], scopes: [] };
    const scopes = CallerAccess.scopes(client, type, options.namespace);
    const outcomes = await Promise.all(scopes.map((namespace) => access.check(client, identity, type, [namespace], LIST_AND_WATCH)));
    return { cluster, outcomes, scopes };
  }));
  const admission: Admission = { admitted: [], refused: [] };
  for (const { cluster, outcomes, scopes } of checked) {
    const refusals = outcomes.flatMap((error, i) => (error ? [{ error, namespace: scopes[i] ?? null }] : []));
    if (refusals.length < outcomes.length) {
      // Some scope allowed (a scoped cluster may refuse some of its namespaces): tell each refused one.
      admission.admitted.push(cluster);
      admission.refused.push(...refusals);
    } else if (refusals.length > 0) {
      admission.refused.push(refusals[0]!);
    }
  }
  return admission;
}

/** `source` (the hub's deliveries for the admitted clusters) as the caller may see it, after `admission.refused`. */
export function callerChanges(source: AsyncIterableIterator<Delivery>, options: CallerChangesOptions, admission: Admission): AsyncIterableIterator<Delivery> {
  const { access, identity, type } = options;
  const queue = admission.refused.map((r) => r.error);
  /** The scopes whose refusal the subscriber has been told (and not allowed since). */
  const told = new Set<string>(admission.refused.map((r) => scopeKey(r.error.cluster, r.namespace)));

  /** The namespace scope a change is checked in: the one subscribed to, else its stream's on a scoped cluster, else all. */
  const scopeOf = (client: ClusterClient, entry: ResourceChangeEntry): string | null => {
    if (!type.namespaced) return null;
    if (options.namespace) return options.namespace;
    return client.namespaces ? entry.object.metadata?.namespace ?? null : null;
  };

  const change = (d: Delivery & { value: ResourceChangeEntry }): Delivery | typeof SKIP | Promise<Delivery | typeof SKIP> => {
    const cluster = d.value.cluster;
    const client = options.client(cluster);
    if (!client) return SKIP;
    const namespace = scopeOf(client, d.value);
    const decide = (refused: AccessOutcome): Delivery | typeof SKIP => {
      const key = scopeKey(cluster, namespace);
      if (!refused) {
        told.delete(key);
        return d;
      }
      access.withheld++;
      if (told.has(key)) return SKIP;
      told.add(key);
      return { problem: refused };
    };
    const outcome = access.check(client, identity, type, [namespace], LIST_AND_WATCH);
    return outcome instanceof Promise ? outcome.then(decide) : decide(outcome);
  };

  /** A gap or a stream problem of a cluster: passed on only as far as the caller may read that cluster. */
  const aboutCluster = (d: Delivery, cluster: string): Delivery | typeof SKIP | Promise<Delivery | typeof SKIP> => {
    const client = options.client(cluster);
    if (!client) return SKIP;
    const scopes = CallerAccess.scopes(client, type, options.namespace);
    const outcomes = scopes.map((namespace) => access.check(client, identity, type, [namespace], LIST_AND_WATCH));
    const decide = (all: readonly AccessOutcome[]): Delivery | typeof SKIP => {
      const allowed = all.filter((o) => o === null).length;
      if (allowed === 0) return SKIP;
      if (allowed === all.length || !('gap' in d) || !d.gap) return d;
      // Some of the cluster's streams are refused: how many changes were missed is not told.
      return { cursor: d.cursor, gap: { cluster, missed: undefined } };
    };
    return outcomes.some((o) => o instanceof Promise) ? Promise.all(outcomes).then(decide) : decide(outcomes as AccessOutcome[]);
  };

  const judge = (d: Delivery): Delivery | typeof SKIP | Promise<Delivery | typeof SKIP> => {
    if ('problem' in d) return aboutCluster(d, d.problem.cluster);
    if (d.gap) return aboutCluster(d, d.gap.cluster);
    return change(d as Delivery & { value: ResourceChangeEntry });
  };

  const pull = (): Promise<IteratorResult<Delivery>> => source.next().then(step);
  const step = (r: IteratorResult<Delivery>): IteratorResult<Delivery> | Promise<IteratorResult<Delivery>> => {
    if (r.done) return r;
    const out = judge(r.value);
    if (out instanceof Promise) return out.then((o) => (o === SKIP ? pull() : { done: false, value: o }));
    return out === SKIP ? pull() : { done: false, value: out };
  };

  const iterator: AsyncIterableIterator<Delivery> = {
    next() {
      const first = queue.shift();
      return first ? Promise.resolve({ done: false, value: { problem: first } }) : pull();
    },
    async return() {
      queue.length = 0;
      await source.return?.();
      return { done: true, value: undefined };
    },
    async throw(error?: unknown) {
      queue.length = 0;
      return source.throw ? source.throw(error) : Promise.reject(error);
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

