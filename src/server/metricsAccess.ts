/**
 * Who may read `/metrics`.
 *
 * Why (security): the metrics' labels name every cluster of the fleet (`cluster="prod-eu"`), and
 * their counters tell which clusters are busy and which fail. A caller the gateway policy keeps
 * from some clusters is never told their names through GraphQL (`clusters` lists their own share);
 * `/metrics` must not tell them either. Mechanism, in order:
 * - with `--metrics-token-file`: the scrape token alone opens `/metrics` (Prometheus'
 *   `authorization: { credentials_file: ... }`); a caller's accepted token gets 403 naming the flag,
 *   anything else 401, as on /graphql;
 * - else, with authentication on: an authenticated caller from whom the policy withholds no
 *   cluster (without a policy, every caller: each may list every cluster through `clusters`
 *   anyway); a caller with a narrower share gets 403 naming the flag that serves scrapers;
 * - without authentication (loopback only): open, as everything else there is.
 * Out of scope: who can reach the port at all (a NetworkPolicy's job), and transport security.
 */
import type http from 'node:http';
import type { Authentication, Refusal } from '../auth/index.ts';
import { bearerToken } from '../auth/authenticateBearer.ts';
import type { MetricsToken } from '../auth/MetricsToken.ts';
import type { Policy } from '../auth/policy/index.ts';
import type { Fleet } from '../fleet/Fleet.ts';

export interface MetricsAccessOptions {
  /** `--metrics-token-file`: when given, the only credential `/metrics` accepts. */
  token?: MetricsToken | undefined;
  /** The gateway's bearer check; absent: authentication is off. */
  authenticate?: ((authorization: unknown) => Promise<Authentication>) | undefined;
  policy?: Policy | undefined;
  /** The loaded fleet (undefined while loading: no cluster is named in the metrics yet). */
  fleet: () => Fleet | undefined;
}

export type MetricsDecision =
  | { allowed: true }
  | { allowed: false; refused: Refusal }
  | { allowed: false; forbidden: string };

export async function metricsAccess(req: http.IncomingMessage, options: MetricsAccessOptions): Promise<MetricsDecision> {
  const authorization = req.headers.authorization;
  if (options.token) {
    const bearer = bearerToken(authorization);
    if (bearer !== undefined && options.token.matches(bearer)) return { allowed: true };
    const outcome: Authentication = options.authenticate ? await options.authenticate(authorization)
      : { refused: typeof authorization === 'string' && authorization.trim() !== '' ? 'invalid' : 'missing' };
    if ('refused' in outcome) return { allowed: false, refused: outcome.refused };
    return { allowed: false, forbidden: '/metrics answers only the scrape token of --metrics-token-file, not callers\' tokens' };
  }
  if (!options.authenticate) return { allowed: true };
  const outcome = await options.authenticate(authorization);
  if ('refused' in outcome) return { allowed: false, refused: outcome.refused };
  const fleet = options.fleet();
  if (!options.policy || !fleet) return { allowed: true };
  const theirs = fleet.as(outcome.identity, options.policy.accessFor(outcome.identity));
  if (theirs.clusters.length === fleet.clusters.length) return { allowed: true };
  return { allowed: false, forbidden: '/metrics names every cluster of the fleet, and the gateway policy does not give you all of them; scrape with the token of --metrics-token-file' };
}
