/**
 * Bad arguments caught before anything is sent upstream (a malformed cursor or field selector,
 * a negative `first`). The server reports it as BAD_USER_INPUT with this message.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(readonly argument: string, message: string) {
    super(`${argument}: ${message}`);
  }
}
