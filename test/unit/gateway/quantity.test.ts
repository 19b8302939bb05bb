/**
 * Kubernetes quantities as numbers, and usage written the way `kubectl top` writes it: CPU in
 * millicores rounded up, memory in Mi rounded down, from exact nanocores and bytes.
 */
import { describe, expect, test } from 'vitest';
import { parseQuantity, sumUsage, usageOf } from '../../../src/kube/quantity.ts';

describe('parseQuantity', () => {
  test.each([
    ['123456789n', 0.123456789],
    ['1500u', 0.0015],
    ['250m', 0.25],
    ['1', 1],
    ['1.5', 1.5],
    ['.5', 0.5],
    ['+2', 2],
    ['-2', -2],
    ['3k', 3000],
    ['2M', 2e6],
    ['4G', 4e9],
    ['1T', 1e12],
    ['1P', 1e15],
    ['1E', 1e18],
    ['1Ki', 1024],
    ['128Mi', 128 * 2 ** 20],
    ['16Gi', 16 * 2 ** 30],
    ['1Ti', 2 ** 40],
    ['1Pi', 2 ** 50],
    ['1Ei', 2 ** 60],
    ['1e3', 1000],
    ['1E3', 1000],
    ['5e-3', 0.005],
    ['2.5e+2', 250],
    [' 250m ', 0.25],
  ])('reads %s as %d', (text, value) => {
    expect(parseQuantity(text)).toBeCloseTo(value, 12);
  });

  test('reads nanocores and Ki as metrics-server writes them, exactly', () => {
    expect(Math.round(parseQuantity('84512345n') * 1e9)).toBe(84512345);
    expect(parseQuantity('734004Ki')).toBe(734004 * 1024);
  });
});

describe('usageOf: kubectl top rounding', () => {
  test.each([
    [0, '0m', 0],
    [0.000000001, '1m', 1],
    [0.0001, '1m', 1],
    [0.001, '1m', 1],
    [0.0010001, '2m', 2],
    [0.25, '250m', 250],
    [0.3, '300m', 300],
    [0.7, '700m', 700],
    [1.1, '1100m', 1100],
    [0.123456789, '124m', 124],
    [4, '4000m', 4000],
  ])('CPU %d cores is %s (rounded up to whole millicores)', (cores, cpu, millicores) => {
    expect(usageOf(cores, 0)).toMatchObject({ cpu, cpuMillicores: millicores });
  });

  test.each([
    [0, '0Mi'],
    [2 ** 20 - 1, '0Mi'],
    [2 ** 20, '1Mi'],
    [1.5 * 2 ** 20, '1Mi'],
    [734004 * 1024, '716Mi'],
    [16 * 2 ** 30, '16384Mi'],
  ])('memory %d bytes is %s (rounded down to whole Mi), bytes kept exact', (bytes, memory) => {
    expect(usageOf(0, bytes)).toEqual({ cpu: '0m', cpuMillicores: 0, memory, memoryBytes: bytes });
  });
});

describe('sumUsage', () => {
  test('adds quantities of every form, skipping absent maps and fields', () => {
    const u = sumUsage([{ cpu: '100m', memory: '64Mi' }, { cpu: '250000000n', memory: '1024Ki' }, undefined, {}, { cpu: '1' }]);
    expect(u).toEqual({ cpu: '1350m', cpuMillicores: 1350, memory: '65Mi', memoryBytes: 65 * 2 ** 20 });
  });

  test('of nothing is zero', () => {
    expect(sumUsage([])).toEqual({ cpu: '0m', cpuMillicores: 0, memory: '0Mi', memoryBytes: 0 });
  });

  test('rounds the sum, not each part, as kubectl top does for a pod\'s containers', () => {
    // Three containers of 0.4m each: 1.2m in all, shown as 2m (not 3 × 1m).
    expect(sumUsage([{ cpu: '400000n' }, { cpu: '400000n' }, { cpu: '400000n' }]).cpuMillicores).toBe(2);
  });
});
