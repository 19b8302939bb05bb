/** The conflicts of a server-side apply, read from the 409 Status causes kube-apiserver writes. */
import { describe, expect, test } from 'vitest';
import { classifyHttpStatus, fieldConflicts } from '../../../src/kube/classifyFailure.ts';

const status = (causes: unknown[]) => ({ kind: 'Status', status: 'Failure', reason: 'Conflict', code: 409, details: { causes } });

describe('fieldConflicts', () => {
  test('reads the field and the manager of Apply and Update owners', () => {
    expect(fieldConflicts(status([
      { reason: 'FieldManagerConflict', message: 'conflict with "team-a"', field: '.spec.replicas' },
      { reason: 'FieldManagerConflict', message: 'conflict with "kubectl-client-side-apply" using apps/v1', field: '.spec.template.spec.containers[name="app"].image' },
      { reason: 'FieldManagerConflict', message: 'conflict with "hpa \\"x\\"" with subresource "scale" using autoscaling/v1', field: '.spec.replicas' },
    ]))).toEqual([
      { field: '.spec.replicas', manager: 'team-a' },
      { field: '.spec.template.spec.containers[name="app"].image', manager: 'kubectl-client-side-apply' },
      { field: '.spec.replicas', manager: 'hpa "x"' },
    ]);
  });

  test('ignores other causes and bodies that are not a Status', () => {
    expect(fieldConflicts(status([{ reason: 'FieldValueInvalid', field: 'spec' }]))).toBeUndefined();
    expect(fieldConflicts('oops')).toBeUndefined();
    expect(fieldConflicts({ details: { causes: 'x' } })).toBeUndefined();
  });

  test('caps how many it keeps', () => {
    const many = Array.from({ length: 500 }, (_, i) => ({ reason: 'FieldManagerConflict', message: 'conflict with "m"', field: `.data.k${i}` }));
    expect(fieldConflicts(status(many))).toHaveLength(100);
  });

  test('only a CONFLICT carries them', () => {
    const conflicts = [{ field: '.spec.replicas', manager: 'a' }];
    expect(classifyHttpStatus({ cluster: 'c', resource: 'deployments' }, 409, 'Apply failed', conflicts).conflicts).toEqual(conflicts);
    expect(classifyHttpStatus({ cluster: 'c', resource: 'deployments' }, 500, 'boom', conflicts).conflicts).toBeUndefined();
  });
});
