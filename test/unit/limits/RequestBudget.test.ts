/** The per-request budget the loaders spend before each upstream call: a cap per cluster and a deadline. */
import { expect, test } from 'vitest';
import { ClusterError } from '../../../src/kube/ClusterError.ts';
import { RequestBudget } from '../../../src/limits/index.ts';

test('allows the cap per cluster, counted separately for each cluster, and refuses the next call', () => {
  const b = new RequestBudget(2, 60_000);
  b.spend('a', 'pods'); b.spend('a', 'nodes'); b.spend('b', 'pods');
  expect(() => b.spend('a', 'services')).toThrow(ClusterError);
  expect(() => b.spend('a', 'services')).toThrow(/limit of 2 upstream calls to this cluster \(--max-upstream-calls\)/);
  b.spend('b', 'nodes');
});

test('refuses every call once the deadline has passed, with the code REQUEST_LIMIT_EXCEEDED', () => {
  const b = new RequestBudget(50, 1000, Date.now() - 5000);
  let error: unknown;
  try { b.spend('a', 'pods'); } catch (e) { error = e; }
  expect(error).toBeInstanceOf(ClusterError);
  expect(error).toMatchObject({ cluster: 'a', code: 'REQUEST_LIMIT_EXCEEDED', resource: 'pods' });
  expect((error as Error).message).toMatch(/ran past its deadline of 1000 ms \(--request-timeout-ms\)/);
});
