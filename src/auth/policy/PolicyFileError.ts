/**
 * A gateway policy file (`--policy FILE`) the gateway cannot start with. The message names the
 * file, the line and what is wrong (`policy file /etc/fleetgraph/policy.yaml, line 7:
 * rules[1].access: ...`), so the CLI prints it as it is and exits with status 2.
 */
export class PolicyFileError extends Error {
  override name = 'PolicyFileError';
}
