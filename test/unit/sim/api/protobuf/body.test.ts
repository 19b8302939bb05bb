import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../../../src/sim/api/ApiError.ts';
import { decodeBody } from '../../../../../src/sim/api/body.ts';
import { envelope, msg, str } from './encoder.ts';
import { captured } from './kubectlBodies.ts';

function apiError(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    return e as ApiError;
  }
  throw new Error('expected an ApiError');
}

describe('decodeBody with Kubernetes protobuf', () => {
  it('decodes application/vnd.kubernetes.protobuf bodies into plain objects', () => {
    expect(decodeBody(captured('ns'), 'application/vnd.kubernetes.protobuf')).toMatchObject({ kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'x' } });
    expect(decodeBody(captured('sa'), 'application/vnd.kubernetes.protobuf; charset=binary')).toMatchObject({ kind: 'ServiceAccount' });
  });

  it('answers undecodable protobuf with 400 BadRequest naming the problem', () => {
    const unknownField = apiError(() => decodeBody(envelope('v1', 'ConfigMap', str(9, 'x')), 'application/vnd.kubernetes.protobuf'));
    expect(unknownField.code).toBe(400);
    expect(unknownField.reason).toBe('BadRequest');
    expect(unknownField.message).toContain('unknown field number 9 in message ConfigMap');
    expect(apiError(() => decodeBody(Buffer.from('{}'), 'application/vnd.kubernetes.protobuf')).code).toBe(400);
    expect(apiError(() => decodeBody(Buffer.alloc(0), 'application/vnd.kubernetes.protobuf')).code).toBe(400);
    expect(apiError(() => decodeBody(envelope('v1', 'Pod', msg(2, msg(2, str(77, '')))), 'application/vnd.kubernetes.protobuf')).message)
      .toContain('unknown field number 77 in message Container');
  });

  it('still refuses CBOR and other protobuf media types with 415', () => {
    expect(apiError(() => decodeBody(Buffer.from([0xa0]), 'application/cbor')).code).toBe(415);
    expect(apiError(() => decodeBody(captured('ns'), 'application/x-protobuf')).code).toBe(415);
  });
});
