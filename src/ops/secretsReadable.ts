/**
 * Whether the cluster lets the caller `get` the Secrets an export with values would hand out,
 * asked of the cluster itself with SelfSubjectAccessReviews (as `kubectl auth can-i get secrets`
 * does) through the caller's client, so the review is for the impersonated caller.
 *
 * Why (security): the export LISTs Secrets, and a caller who may list but not get them (or get
 * only some by resourceNames) must not receive values the cluster would not `get` for them.
 * Mechanism: one review per namespace holding exported Secrets; where it says no, one review
 * per Secret by name (RBAC may name resources); any Secret still refused fails the export with
 * FORBIDDEN naming it, rather than exporting it silently empty. Out of scope: the values were
 * already in the gateway's memory for this one request (the LIST returned them); they are
 * dropped, never cached, logged or answered.
 */
import { ClusterError } from '../kube/ClusterError.ts';
import type { ClusterClient } from '../kube/ClusterClient.ts';
import type { ResourceType } from '../kube/resources.ts';

const SSAR: ResourceType = {
  name: 'selfsubjectaccessreviews', group: 'authorization.k8s.io', version: 'v1', plural: 'selfsubjectaccessreviews', kind: 'SelfSubjectAccessReview', namespaced: false,
};

/** How many refused Secrets a message names. */
const NAMED = 5;

async function mayGet(client: ClusterClient, namespace: string, name?: string): Promise<boolean> {
  const review = {
    apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview',
    spec: { resourceAttributes: { verb: 'get', group: '', version: 'v1', resource: 'secrets', namespace, ...(name === undefined ? {} : { name }) } },
  };
  try {
    const answer = await client.send<{ status?: { allowed?: boolean } }>({ verb: 'create', type: SSAR, object: review });
    return answer.body.status?.allowed === true;
  } catch (e) {
    // Every kube-apiserver serves access reviews; a server that does not cannot vouch for the caller: fail closed.
    if (e instanceof ClusterError && e.code === 'NOT_FOUND') {
      throw new ClusterError(client.name, 'FORBIDDEN', `cluster "${client.name}": includeSecrets: the cluster answers no SelfSubjectAccessReview, so whether you may get its Secrets cannot be checked; export without includeSecrets`);
    }
    throw e;
  }
}

/** Throws ClusterError FORBIDDEN naming the Secrets the cluster does not let the caller get. */
export async function checkSecretsReadable(client: ClusterClient, secrets: ReadonlyArray<{ namespace: string; name: string }>): Promise<void> {
  const byNamespace = new Map<string, string[]>();
  for (const s of secrets) byNamespace.set(s.namespace, [...(byNamespace.get(s.namespace) ?? []), s.name]);
  const refused: string[] = [];
  for (const [namespace, names] of byNamespace) {
    if (await mayGet(client, namespace)) continue;
    for (const name of names) if (!(await mayGet(client, namespace, name))) refused.push(`${namespace}/${name}`);
  }
  if (refused.length === 0) return;
  const shown = refused.slice(0, NAMED).join(', ') + (refused.length > NAMED ? ` and ${refused.length - NAMED} more` : '');
  throw new ClusterError(client.name, 'FORBIDDEN', `cluster "${client.name}": includeSecrets: the cluster does not let you get Secret${refused.length === 1 ? '' : 's'} ${shown}, so their values cannot be exported; export without includeSecrets, or ask for the namespaces whose Secrets you may read`);
}
