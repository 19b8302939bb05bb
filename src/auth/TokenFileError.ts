/**
 * A token file (`--tokens FILE`) the gateway cannot start with. The message names the file, the
 * line and the problem, and never contains a token (the file's own secrets stay out of the
 * terminal and the logs).
 */
export class TokenFileError extends Error {
  override name = 'TokenFileError';
}
