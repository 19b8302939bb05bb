/**
 * A verified token's claims → the caller's identity, as kube-apiserver maps them: the user claim
 * a non-empty string, groups an array of strings or one string, email_verified honoured for the
 * email claim, prefixes applied before the `system:` check, and a reason (naming claims, never
 * values of other claims) for each refusal.
 */
import { describe, expect, test } from 'vitest';
import { identityFromClaims, type ClaimMapping } from '../../../src/auth/identityFromClaims.ts';

const M: ClaimMapping = { userClaim: 'sub', userPrefix: '', groupsClaim: 'groups', groupsPrefix: '' };

describe('identityFromClaims', () => {
  test('user, groups (array, string or absent), prefixes and uid', () => {
    expect(identityFromClaims({ sub: 'alice', groups: ['a', 'b'] }, M)).toEqual({ identity: { user: 'alice', groups: ['a', 'b'] } });
    expect(identityFromClaims({ sub: 'alice', groups: 'a' }, M)).toEqual({ identity: { user: 'alice', groups: ['a'] } });
    expect(identityFromClaims({ sub: 'alice', groups: null }, M)).toEqual({ identity: { user: 'alice', groups: [] } });
    expect(identityFromClaims({ sub: 'alice', roles: ['x'], oid: 'u-1' }, { ...M, userPrefix: 'https://idp#', groupsClaim: 'roles', groupsPrefix: 'oidc:', uidClaim: 'oid' }))
      .toEqual({ identity: { user: 'https://idp#alice', uid: 'u-1', groups: ['oidc:x'] } });
  });

  test('with the email claim, email_verified must be true when present (as kube-apiserver)', () => {
    const email = { ...M, userClaim: 'email' };
    expect(identityFromClaims({ email: 'a@example.com' }, email)).toEqual({ identity: { user: 'a@example.com', groups: [] } });
    expect(identityFromClaims({ email: 'a@example.com', email_verified: true }, email)).toEqual({ identity: { user: 'a@example.com', groups: [] } });
    for (const v of [false, 'true', 1]) {
      expect(identityFromClaims({ email: 'a@example.com', email_verified: v }, email)).toEqual({ refused: 'the email claim is not verified (email_verified is not true)' });
    }
    // Another claim as the user: email_verified is not the gateway's business.
    expect(identityFromClaims({ sub: 'a', email_verified: false }, M)).toEqual({ identity: { user: 'a', groups: [] } });
  });

  test.each([
    [{}, M, 'the user claim "sub" is missing'],
    [{ sub: '' }, M, 'the user claim "sub" is empty, not a non-empty string'],
    [{ sub: ['alice'] }, M, 'the user claim "sub" is an array, not a non-empty string'],
    [{ sub: 'a', groups: [''] }, M, 'the groups claim "groups" holds an empty group name'],
    [{ sub: 'a', groups: [null] }, M, 'the groups claim "groups" is an array with non-string members, not an array of strings or a string'],
    [{ sub: 'a', groups: true }, M, 'the groups claim "groups" is boolean, not an array of strings or a string'],
    [{ sub: 'a', oid: 7 }, { ...M, uidClaim: 'oid' }, 'the uid claim "oid" is number, not a non-empty string'],
    [{ sub: 'a' }, { ...M, uidClaim: 'oid' }, 'the uid claim "oid" is missing, not a non-empty string'],
    [{ sub: 'system:kube-controller-manager' }, M, 'the mapped user name "system:kube-controller-manager" starts with the reserved "system:"'],
    [{ sub: 'serviceaccount:kube-system:x' }, { ...M, userPrefix: 'system:' }, 'the mapped user name "system:serviceaccount:kube-system:x" starts with the reserved "system:"'],
    [{ sub: 'a', groups: 'system:masters' }, M, 'the mapped group "system:masters" starts with the reserved "system:"'],
  ] as const)('%j with %j: refused, %s', (claims, mapping, reason) => {
    expect(identityFromClaims(claims, mapping)).toEqual({ refused: reason });
  });

  test('a prefix makes IdP names that look reserved harmless', () => {
    expect(identityFromClaims({ sub: 'system:admin', groups: ['system:masters'] }, { ...M, userPrefix: 'sso:', groupsPrefix: 'sso:' }))
      .toEqual({ identity: { user: 'sso:system:admin', groups: ['sso:system:masters'] } });
  });
});
