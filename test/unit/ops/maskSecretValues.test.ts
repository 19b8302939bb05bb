/**
 * A plan's view of a Secret: values masked as kubectl diff masks them, the last-applied
 * annotation (which repeats them) too, whether the Secret is new, changed or unchanged.
 */
import { describe, expect, test } from 'vitest';
import { isSecret, maskSecretValues } from '../../../src/ops/maskSecretValues.ts';

const secret = (data: Record<string, string>, extra: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'n' }, data, ...extra });

describe('maskSecretValues', () => {
  test('unchanged values are ***, changed ones *** (before) and *** (after), added and removed keys ***', () => {
    const [before, after] = maskSecretValues(secret({ same: 'YQ==', changed: 'Yg==', gone: 'Yw==' }), secret({ same: 'YQ==', changed: 'ZA==', added: 'ZQ==' }));
    expect(before?.data).toEqual({ same: '***', changed: '*** (before)', gone: '***' });
    expect(after.data).toEqual({ same: '***', changed: '*** (after)', added: '***' });
  });

  test('a new Secret (nothing live) shows every key masked, stringData too', () => {
    const [before, after] = maskSecretValues(null, secret({ a: 'YQ==' }, { stringData: { b: 'plain' } }));
    expect(before).toBeNull();
    expect(after.data).toEqual({ a: '***' });
    expect(after.stringData).toEqual({ b: '***' });
  });

  test('the last-applied annotation is masked, changed or not', () => {
    const annotated = (v: string) => secret({ a: 'YQ==' }, { metadata: { name: 's', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': v, keep: 'me' } } });
    const [before, after] = maskSecretValues(annotated('{"data":{"a":"old"}}'), annotated('{"data":{"a":"new"}}'));
    expect(JSON.stringify([before, after])).not.toMatch(/old|new/);
    expect((before?.metadata as { annotations: Record<string, string> }).annotations).toEqual({ 'kubectl.kubernetes.io/last-applied-configuration': '*** (before)', keep: 'me' });
  });

  test('the inputs are not changed', () => {
    const live = secret({ a: 'YQ==' });
    maskSecretValues(live, secret({ a: 'Yg==' }));
    expect(live.data).toEqual({ a: 'YQ==' });
  });

  test('only core/v1 Secrets count as Secrets', () => {
    expect(isSecret(secret({}))).toBe(true);
    expect(isSecret({ apiVersion: 'example.com/v1', kind: 'Secret' })).toBe(false);
    expect(isSecret({ apiVersion: 'v1', kind: 'ConfigMap' })).toBe(false);
  });
});
