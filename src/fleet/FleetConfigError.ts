/**
 * A kubeconfig or fleet file the gateway cannot serve a fleet from. The message names the file
 * by its absolute path, the entry within it (`clusters.prod-eu.timeoutMs`, `context "x"`) and
 * the problem, so the CLI prints it as it is and exits non-zero.
 */
export class FleetConfigError extends Error {
  override name = 'FleetConfigError';
}
