/**
 * The access reviewer's cache on its own, with a counting review function and a clock the test
 * moves: answers kept for their TTL (allowed longer than refused), concurrent askers sharing one
 * review, the cache bounded (least recently used out first), failed reviews refused (fail closed)
 * with an error naming the cluster, and refusals worded as kube-apiserver words a 403.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { Registry } from 'prom-client';
import { describe, expect, test } from 'vitest';
import { AccessReviewer, type AccessQuestion } from '../../../src/auth/AccessReviewer.ts';
import type { Identity } from '../../../src/auth/Identity.ts';
import { identityKey } from '../../../src/auth/identityKey.ts';
import { ClusterClient } from '../../../src/kube/ClusterClient.ts';
import { ClusterError } from '../../../src/kube/ClusterError.ts';
import { UpstreamMetrics } from '../../../src/kube/UpstreamMetrics.ts';

// A client is only named here (the review function is the test's): it never sends a request.
const client = (name: string) => new ClusterClient({ name, labels: {}, server: 'https://127.0.0.1:1', kubeConfig: new KubeConfig(), metrics: new UpstreamMetrics(new Registry()) });
const ONE = client('one');
const TWO = client('two');
const alice: Identity = { user: 'alice', uid: '1', groups: ['devs'] };
const bob: Identity = { user: 'bob', groups: [] };
const pods = (namespace: string | null, verb = 'list'): AccessQuestion => ({ verb, group: '', resource: 'pods', namespace });

function setup(options: { allow?: (who: Identity, q: AccessQuestion) => boolean; fail?: unknown; maxEntries?: number } = {}) {
  let now = 0;
  const asked: string[] = [];
  const waiting: Array<() => void> = [];
  let hold = false;
  const reviewer = new AccessReviewer({
    allowedTtlMs: 10_000, deniedTtlMs: 2000, maxEntries: options.maxEntries ?? 100, now: () => now,
    review: async (c, who, q) => {
      asked.push(`${c.name} ${who.user} ${q.verb} ${q.resource} ${q.namespace ?? '*'}`);
      if (hold) await new Promise<void>((r) => waiting.push(r));
      if (options.fail) throw options.fail;
      return { allowed: options.allow?.(who, q) ?? true };
    },
  });
  return {
    reviewer, asked,
    advance: (ms: number) => { now += ms; },
    hold: () => { hold = true; },
    release: () => { hold = false; waiting.splice(0).forEach((r) => r()); },
  };
}

describe('AccessReviewer', () => {
  test('an allowed answer is kept for its TTL, then asked again', async () => {
    const { reviewer, asked, advance } = setup();
    expect(await reviewer.check(ONE, alice, pods('a'))).toEqual({ allowed: true });
    expect(reviewer.check(ONE, alice, pods('a'))).toEqual({ allowed: true }); // held: not a promise
    advance(9999);
    expect(reviewer.known(ONE, alice, pods('a'))).toEqual({ allowed: true });
    expect(asked).toHaveLength(1);
    advance(1);
    expect(reviewer.known(ONE, alice, pods('a'))).toBeUndefined();
    await reviewer.check(ONE, alice, pods('a'));
    expect(asked).toHaveLength(2);
    expect(reviewer.stats).toEqual({ reviews: 2, hits: 2, joined: 0 });
  });

  test('a refusal is kept for the shorter refused TTL and worded as kube-apiserver words a 403', async () => {
    const { reviewer, asked, advance } = setup({ allow: () => false });
    const verdict = await reviewer.check(ONE, alice, { verb: 'watch', group: 'apps', resource: 'deployments', namespace: 'b' });
    expect(verdict.allowed).toBe(false);
    const error = (verdict as { error: ClusterError }).error;
    expect(error).toBeInstanceOf(ClusterError);
    expect({ cluster: error.cluster, code: error.code, status: error.status, resource: error.resource, message: error.message }).toEqual({
      cluster: 'one', code: 'FORBIDDEN', status: 403, resource: 'deployments',
      message: 'cluster "one": deployments: deployments.apps is forbidden: User "alice" cannot watch resource "deployments" in API group "apps" in the namespace "b"',
    });
    advance(1999);
    expect(reviewer.known(ONE, alice, { verb: 'watch', group: 'apps', resource: 'deployments', namespace: 'b' })?.allowed).toBe(false);
    advance(1);
    expect(reviewer.known(ONE, alice, { verb: 'watch', group: 'apps', resource: 'deployments', namespace: 'b' })).toBeUndefined();
    expect(asked).toHaveLength(1);
    const wide = await reviewer.check(ONE, alice, pods(null));
    expect((wide as { error: ClusterError }).error.message).toBe('cluster "one": pods: pods is forbidden: User "alice" cannot list resource "pods" in API group "" at the cluster scope');
  });

  test('each (cluster, identity, verb, resource, namespace) is its own question', async () => {
    const { reviewer, asked } = setup();
    const questions: Array<[ClusterClient, Identity, AccessQuestion]> = [
      [ONE, alice, pods('a')], [TWO, alice, pods('a')], [ONE, bob, pods('a')], [ONE, alice, pods('b')],
      [ONE, alice, pods(null)], [ONE, alice, pods('a', 'watch')], [ONE, alice, { ...pods('a'), resource: 'services' }],
      // The same user with other groups is another identity (RBAC binds groups).
      [ONE, { ...alice, groups: ['admins'] }, pods('a')],
    ];
    for (const [c, who, q] of questions) await reviewer.check(c, who, q);
    for (const [c, who, q] of questions) expect(reviewer.known(c, who, q)).toEqual({ allowed: true });
    expect(asked).toHaveLength(questions.length);
    // Groups are a set: their order does not make another identity.
    expect(identityKey({ user: 'u', groups: ['a', 'b'] })).toBe(identityKey({ user: 'u', groups: ['b', 'a'] }));
    expect(identityKey({ user: 'u', groups: ['a,b'] })).not.toBe(identityKey({ user: 'u', groups: ['a', 'b'] }));
  });

  test('concurrent askers of the same question share one review', async () => {
    const { reviewer, asked, hold, release } = setup();
    hold();
    const all = Array.from({ length: 5 }, () => reviewer.check(ONE, alice, pods('a')));
    const other = reviewer.check(ONE, bob, pods('a'));
    release();
    expect(await Promise.all(all)).toEqual(Array(5).fill({ allowed: true }));
    await other;
    expect(asked).toEqual(['one alice list pods a', 'one bob list pods a']);
    expect(reviewer.stats).toMatchObject({ reviews: 2, joined: 4 });
  });

  test('the cache is bounded: past maxEntries the least recently used answer goes first', async () => {
    const { reviewer, asked } = setup({ maxEntries: 3 });
    for (const ns of ['a', 'b', 'c']) await reviewer.check(ONE, alice, pods(ns));
    reviewer.known(ONE, alice, pods('a')); // a is now the most recently used
    await reviewer.check(ONE, alice, pods('d'));
    expect(reviewer.size).toBe(3);
    expect(reviewer.known(ONE, alice, pods('b'))).toBeUndefined();
    for (const ns of ['a', 'c', 'd']) expect(reviewer.known(ONE, alice, pods(ns))).toEqual({ allowed: true });
    // Many identities cannot grow it either.
    for (let i = 0; i < 50; i++) await reviewer.check(ONE, { user: `u${i}`, groups: [] }, pods('a'));
    expect(reviewer.size).toBe(3);
    expect(asked).toHaveLength(54);
    expect(() => new AccessReviewer({ maxEntries: 0 })).toThrow('maxEntries must be at least 1, got 0');
  });

  test('a failed review refuses (fail closed), names the cluster and keeps the failure\'s code; it is asked again after the refused TTL', async () => {
    const unreachable = new ClusterError('one', 'CLUSTER_UNREACHABLE', 'cluster "one" is unreachable (connection refused)', 'selfsubjectaccessreviews');
    const { reviewer, asked, advance } = setup({ fail: unreachable });
    const verdict = await reviewer.check(ONE, alice, pods('a'));
    expect(verdict.allowed).toBe(false);
    const error = (verdict as { error: ClusterError }).error;
    expect([error.cluster, error.code, error.message]).toEqual(['one', 'CLUSTER_UNREACHABLE',
      'cluster "one": pods: refused, as the caller\'s access could not be checked (its SelfSubjectAccessReview failed: cluster "one" is unreachable (connection refused))']);
    expect(reviewer.known(ONE, alice, pods('a'))?.allowed).toBe(false);
    advance(2000);
    await reviewer.check(ONE, alice, pods('a'));
    expect(asked).toHaveLength(2);

    // A 403 on the review itself (the gateway may not impersonate): FORBIDDEN, refused.
    const forbidden = new ClusterError('one', 'FORBIDDEN', 'cluster "one": selfsubjectaccessreviews: users "alice" is forbidden: User "gw" cannot impersonate resource "users" in API group "" at the cluster scope', 'selfsubjectaccessreviews', 403);
    const refusing = setup({ fail: forbidden }).reviewer;
    const v = await refusing.check(ONE, alice, pods('a'));
    expect(v.allowed || (v as { error: ClusterError }).error.message).toBe('cluster "one": pods: refused, as the caller\'s access could not be checked (its SelfSubjectAccessReview failed: selfsubjectaccessreviews: users "alice" is forbidden: User "gw" cannot impersonate resource "users" in API group "" at the cluster scope)');
    // Anything else thrown (a bug) refuses too, without its text.
    const odd = await setup({ fail: new Error('secret detail') }).reviewer.check(ONE, alice, pods('a'));
    expect(odd.allowed).toBe(false);
    expect((odd as { error: ClusterError }).error.message).not.toContain('secret detail');
  });
});
