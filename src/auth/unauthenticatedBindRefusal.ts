/**
 * The loopback rule. Why (security): without authentication anyone who reaches the port reads
 * the whole fleet with the gateway's own cluster credentials. On a loopback address only this
 * machine's programs reach it (and hostGuard.ts keeps DNS-rebinding web pages out), so the demo
 * and local use need no set-up; any other address is refused unless authentication is on.
 * Out of scope: other local users of a shared machine can reach a loopback port too.
 */
import { isLoopbackHost } from '../server/hostGuard.ts';

/** Undefined when `host` may be served without authentication; else why not and what to do. */
export function unauthenticatedBindRefusal(host: string): string | undefined {
  if (isLoopbackHost(host)) return undefined;
  return `--host ${host}: refusing to listen on a non-loopback address without authentication: anyone who reaches it would read (and change) the whole fleet with the gateway's cluster credentials. Add --tokens FILE (token,user,uid,"group1,group2" lines) or --oidc-issuer URL --oidc-audience AUD (see docs/authentication.md), or listen on 127.0.0.1`;
}
