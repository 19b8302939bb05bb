/**
 * A cluster selector the gateway cannot use: a malformed label selector or an unknown cluster
 * name. The message echoes the input and says where it went wrong, so it can go to the client
 * as it is.
 */
export class SelectorError extends Error {
  override name = 'SelectorError';
}
