/**
 * Bad arguments caught before anything is sent upstream (a malformed cursor or field selector,
 * a negative `first`, a namespace no cluster could have). The server reports it as
 * BAD_USER_INPUT with this message.
 */

/**
 * Longest message kept. Why: messages quote inputs through quoteInput (a short prefix), so this
 * only bites if a caller forgets to; it keeps one error from carrying a client's megabytes back
 * out (and into the log) all the same.
 */
export const MAX_INPUT_ERROR_MESSAGE = 2000;

export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(readonly argument: string, message: string) {
    const full = `${argument}: ${message}`;
    super(full.length > MAX_INPUT_ERROR_MESSAGE ? `${full.slice(0, MAX_INPUT_ERROR_MESSAGE)}…(message cut at ${MAX_INPUT_ERROR_MESSAGE} characters)` : full);
  }
}
