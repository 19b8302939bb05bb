/**
 * Several ways of authenticating at once (`--tokens` and `--oidc-*`), like kube-apiserver's union
 * authenticator: each is asked in turn and the first to accept the credential decides. The token
 * file comes first (its constant-time comparison runs whatever the token), then OIDC, which looks
 * only at credentials shaped like a JWT. When none accepts and one could not decide
 * (AuthenticationUnavailable, e.g. the IdP's keys are unreachable), that is the answer, so a
 * frontend is told to retry rather than to sign in again; callers of the other ways keep working.
 */
import { AuthenticationUnavailable } from './AuthenticationUnavailable.ts';
import type { Authenticator } from './Authenticator.ts';
import type { Identity } from './Identity.ts';

export class AuthenticatorUnion implements Authenticator {
  constructor(private readonly members: readonly Authenticator[]) {}

  async authenticate(bearer: string): Promise<Identity | null> {
    let unavailable: AuthenticationUnavailable | undefined;
    for (const member of this.members) {
      try {
        const identity = await member.authenticate(bearer);
        if (identity) return identity;
      } catch (e) {
        if (!(e instanceof AuthenticationUnavailable)) throw e;
        unavailable = e;
      }
    }
    if (unavailable) throw unavailable;
    return null;
  }

  describe(): string {
    return this.members.map((m) => m.describe()).join(' and ');
  }
}
