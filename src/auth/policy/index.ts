/**
 * The gateway policy (`--policy FILE`, docs/policy.md): which callers may use, write to and read
 * secret values of which clusters, decided before any cluster is asked, on top of cluster RBAC.
 */
export { Policy } from './Policy.ts';
export { PolicyFileError } from './PolicyFileError.ts';
export type { PolicyRule, PolicyAccessLevel } from './PolicyRule.ts';

export { policyWithoutAuthentication } from './policyWithoutAuthentication.ts';
