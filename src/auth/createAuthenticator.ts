/**
 * The gateway's authenticator from its settings: the token file (`--tokens`), OIDC (`--oidc-*`),
 * both (an AuthenticatorUnion), or none (authentication off: loopback only). Loading errors are
 * TokenFileError or OidcConfigError, which the CLI prints before exiting 2.
 */
import type { Logger } from 'pino';
import type { Authenticator } from './Authenticator.ts';
import { AuthenticatorUnion } from './AuthenticatorUnion.ts';
import { OidcAuthenticator, type OidcAuthenticatorOptions } from './OidcAuthenticator.ts';
import type { OidcSettings } from './OidcSettings.ts';
import { TokenFile } from './TokenFile.ts';

export interface AuthenticationSettings {
  /** The static token file's path (`--tokens`). */
  tokens?: string;
  /** OIDC settings (`--oidc-issuer` and friends). */
  oidc?: OidcSettings;
}

/** Whether any way of authenticating is configured: what the loopback rule asks. */
export function authenticationConfigured(settings: AuthenticationSettings): boolean {
  return settings.tokens !== undefined || settings.oidc !== undefined;
}

export async function createAuthenticator(settings: AuthenticationSettings, log: Pick<Logger, 'info' | 'warn'>, oidcOptions: Omit<OidcAuthenticatorOptions, 'log'> = {}): Promise<Authenticator | undefined> {
  const members: Authenticator[] = [];
  if (settings.tokens !== undefined) members.push(await TokenFile.load(settings.tokens));
  if (settings.oidc !== undefined) members.push(await OidcAuthenticator.create(settings.oidc, { ...oidcOptions, log }));
  if (members.length <= 1) return members[0];
  return new AuthenticatorUnion(members);
}
