import { describe, expect, it } from 'vitest';
import { selectClusters } from '../../../src/fleet/selectClusters.ts';
import { SelectorError } from '../../../src/fleet/labelSelector.ts';

const fleet = [
  { name: 'dev-eu', labels: { env: 'dev', region: 'eu' } },
  { name: 'staging-eu', labels: { env: 'staging', region: 'eu' } },
  { name: 'prod-eu', labels: { env: 'prod', region: 'eu' } },
  { name: 'prod-us', labels: { env: 'prod', region: 'us' } },
];
const names = (cs: ReadonlyArray<{ name: string }>): string[] => cs.map((c) => c.name);

function selectorErrorOf(fn: () => unknown): SelectorError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SelectorError) return e;
    throw e;
  }
  throw new Error('expected a SelectorError');
}

describe('selectClusters', () => {
  it('returns every cluster in fleet order when neither argument is given', () => {
    expect(names(selectClusters(fleet, {}))).toEqual(['dev-eu', 'staging-eu', 'prod-eu', 'prod-us']);
    expect(names(selectClusters(fleet, { clusters: null, clusterNames: null }))).toEqual(['dev-eu', 'staging-eu', 'prod-eu', 'prod-us']);
  });

  it('returns the same objects, not copies', () => {
    expect(selectClusters(fleet, {})[0]).toBe(fleet[0]);
  });

  it('selects by label selector over cluster labels', () => {
    expect(names(selectClusters(fleet, { clusters: 'env=prod' }))).toEqual(['prod-eu', 'prod-us']);
    expect(names(selectClusters(fleet, { clusters: 'env!=prod,region=eu' }))).toEqual(['dev-eu', 'staging-eu']);
    expect(names(selectClusters(fleet, { clusters: 'team' }))).toEqual([]);
  });

  it('treats the empty selector as every cluster', () => {
    expect(names(selectClusters(fleet, { clusters: '' }))).toHaveLength(4);
  });

  it('selects exact names in fleet order, each once, whatever order and repeats they are given in', () => {
    expect(names(selectClusters(fleet, { clusterNames: ['prod-us', 'dev-eu', 'prod-us'] }))).toEqual(['dev-eu', 'prod-us']);
  });

  it('selects nothing for an empty name list', () => {
    expect(selectClusters(fleet, { clusterNames: [] })).toEqual([]);
  });

  it('intersects a selector and names when both are given', () => {
    expect(names(selectClusters(fleet, { clusters: 'region=eu', clusterNames: ['prod-eu', 'prod-us'] }))).toEqual(['prod-eu']);
  });

  it('rejects an unknown name, listing the known clusters', () => {
    expect(selectorErrorOf(() => selectClusters(fleet, { clusterNames: ['prod-eu', 'x'] })).message).toBe(
      'unknown cluster "x" in clusterNames; known clusters: dev-eu, staging-eu, prod-eu, prod-us',
    );
  });

  it('names every unknown name at once', () => {
    expect(selectorErrorOf(() => selectClusters(fleet, { clusters: 'env=prod', clusterNames: ['x', 'prod-eu', 'y'] })).message).toBe(
      'unknown clusters "x", "y" in clusterNames; known clusters: dev-eu, staging-eu, prod-eu, prod-us',
    );
  });

  it('says so when the fleet is empty', () => {
    expect(selectorErrorOf(() => selectClusters([], { clusterNames: ['x'] })).message).toBe(
      'unknown cluster "x" in clusterNames; known clusters: (none)',
    );
  });

  it('passes on the parser\'s error for a malformed selector', () => {
    expect(selectorErrorOf(() => selectClusters(fleet, { clusters: 'env in (prod' })).message).toBe(
      'invalid label selector "env in (prod": expected ")" after values at position 13',
    );
  });
});
