/**
 * The pure argument checks: Kubernetes name rules, field selectors per kind, the capped quoting
 * of inputs in messages, and cursors against the selection. Exact messages: a change to one is
 * a deliberate change to this test.
 */
import { describe, expect, test } from 'vitest';
import { quoteInput, quoteList } from '../../../src/fleet/quoteInput.ts';
import { checkFieldSelector, supportedFields } from '../../../src/loaders/fieldSelectors.ts';
import { InputError } from '../../../src/loaders/InputError.ts';
import { dns1123LabelProblem, dns1123SubdomainProblem, pathSegmentNameProblem } from '../../../src/loaders/kubeNames.ts';
import { checkPageArguments, encodeCursor } from '../../../src/loaders/paginate.ts';
import { validateArguments } from '../../../src/loaders/validateArguments.ts';

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

describe('quoteInput', () => {
  test('quotes a short input whole', () => expect(quoteInput('payments')).toBe('"payments"'));
  test('cuts a long one to 100 characters and gives its length', () => expect(quoteInput('x'.repeat(1_000_000))).toBe(`"${'x'.repeat(100)}…"(1000000 chars)`));
  test('lists at most five, then the count of the rest', () => expect(quoteList(['a', 'b', 'c', 'd', 'e', 'f', 'g'])).toBe('"a", "b", "c", "d", "e" and 2 more'));
});

describe('Kubernetes names', () => {
  test.each(['payments', 'kube-system', 'a', '0', 'a'.repeat(63)])('%j is a DNS-1123 label', (n) => expect(dns1123LabelProblem(n)).toBeUndefined());
  test.each(['Payments', '../../etc', '-a', 'a-', 'a.b', 'a_b', ''])('%j is not a DNS-1123 label', (n) => expect(dns1123LabelProblem(n)).toMatch(/lowercase RFC 1123 label/));
  test('a 64-character label is too long', () => expect(dns1123LabelProblem('a'.repeat(64))).toBe('must be no more than 63 characters (got 64)'));
  test.each(['web-1', 'node.example.com'])('%j is a DNS-1123 subdomain', (n) => expect(dns1123SubdomainProblem(n)).toBeUndefined());
  test.each(['Web', 'a..b', '.a', 'a/b'])('%j is not a DNS-1123 subdomain', (n) => expect(dns1123SubdomainProblem(n)).toMatch(/lowercase RFC 1123 subdomain/));
  test.each(['system:controller:job-controller', 'Web_1'])('%j is a path segment name', (n) => expect(pathSegmentNameProblem(n)).toBeUndefined());
  test.each([['.', "may not be '.'"], ['..', "may not be '..'"], ['a/b', "may not contain '/' or '%'"], ['a%2F', "may not contain '/' or '%'"], ['', 'must not be empty']])('%j is not a path segment name', (n, problem) => expect(pathSegmentNameProblem(n)).toBe(problem));
});

describe('checkFieldSelector', () => {
  test('parses the three operators and keeps escapes as written', () => {
    expect(checkFieldSelector(String.raw`status.phase!=Failed,spec.nodeName==a\,b,metadata.name=x`, 'pods')).toEqual([
      { field: 'status.phase', operator: '!=', value: 'Failed' },
      { field: 'spec.nodeName', operator: '==', value: String.raw`a\,b` },
      { field: 'metadata.name', operator: '=', value: 'x' },
    ]);
  });
  test('the empty selector selects everything', () => expect(checkFieldSelector('', 'pods')).toEqual([]));
  test.each([
    ['nodes', 'spec.unschedulable=true'], ['namespaces', 'status.phase=Active'], ['secrets', 'type=Opaque'], ['replicasets', 'status.replicas=0'],
    ['events', 'involvedObject.kind=Pod,reason=Failed,reportingComponent=x,source=kubelet,type=Warning'], ['configmaps', 'metadata.namespace=default'],
  ])('%s accepts %j', (resource, selector) => expect(() => checkFieldSelector(selector, resource)).not.toThrow());
  test('nodes and namespaces have no metadata.namespace', () => {
    expect(supportedFields('nodes')).not.toContain('metadata.namespace');
    expect(thrown(() => checkFieldSelector('metadata.namespace=a', 'namespaces')).message).toBe('fieldSelector: field "metadata.namespace" is not supported for namespaces; supported fields: metadata.name, status.phase');
  });
  test('a field another kind has is refused for configmaps', () => {
    const e = thrown(() => checkFieldSelector('status.phase=Running', 'configmaps'));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toBe('fieldSelector: field "status.phase" is not supported for configmaps; supported fields: metadata.name, metadata.namespace');
  });
  test.each([[String.raw`status.phase=a\x`, String.raw`invalid escape sequence "\x"`], ['status.phase=a\\', 'invalid escape sequence "\\"']])('refuses the bad escape in %j', (selector, problem) => {
    expect(thrown(() => checkFieldSelector(selector, 'pods')).message).toContain(problem);
  });
  test('a selector over 4096 characters is refused without parsing', () => {
    expect(thrown(() => checkFieldSelector(`status.phase=${'x'.repeat(5000)}`, 'pods')).message).toBe('fieldSelector: is 5013 characters long; at most 4096 are accepted');
  });
});

describe('validateArguments', () => {
  test('passes what a cluster could match', () => {
    expect(() => validateArguments({ namespace: 'shop', labelSelector: 'app in (web)', involvedKind: 'Deployment', involvedName: 'web', clusterNames: ['prod-eu'] })).not.toThrow();
  });
  test('names the argument', () => {
    const e = thrown(() => validateArguments({ namespace: 'shop', labelSelector: 'app in (web' }));
    expect((e as InputError).argument).toBe('labelSelector');
  });
  test('a fieldSelector without the resource it filters is a programming error, not input', () => {
    const e = thrown(() => validateArguments({ fieldSelector: 'a=b' }));
    expect(e).not.toBeInstanceOf(InputError);
  });
});

describe('checkPageArguments against the selection', () => {
  const order = new Map([['eu', 0], ['us', 1]]);
  const cursor = encodeCursor({ cluster: 'eu', namespace: 'shop', name: 'web-1' });
  test('accepts a cursor inside the selection', () => {
    expect(checkPageArguments(10, cursor, order, { clusters: new Set(['eu']), namespace: 'shop' }).after).toEqual({ cluster: 'eu', namespace: 'shop', name: 'web-1' });
  });
  test('refuses one of an unselected cluster', () => {
    expect(thrown(() => checkPageArguments(10, cursor, order, { clusters: new Set(['us']) })).message).toMatch(/^after: the cursor names cluster "eu", which is not among the selected clusters/);
  });
  test('refuses one of another namespace', () => {
    expect(thrown(() => checkPageArguments(10, cursor, order, { clusters: new Set(['eu']), namespace: 'pay' })).message).toBe('after: the cursor is in namespace "shop", not in the namespace asked ("pay"): it is from another query');
  });
  test('refuses a cursor longer than any this API writes, without decoding it', () => {
    expect(thrown(() => checkPageArguments(10, 'x'.repeat(2000), order)).message).toBe(`after: "${'x'.repeat(100)}…"(2000 chars) is not a cursor from this API (use pageInfo.endCursor of the previous page)`);
  });
});

describe('InputError', () => {
  test('cuts a message that quotes a long input whole (a caller that forgot quoteInput)', () => {
    const e = new InputError('namespace', `"${'x'.repeat(1_000_000)}" is wrong`);
    expect(e.message).toBe(`namespace: "${'x'.repeat(1988)}…(message cut at 2000 characters)`);
  });
});
