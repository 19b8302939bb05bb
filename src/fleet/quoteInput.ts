/**
 * A client's input as an error message quotes it: JSON-quoted, cut to a short prefix with its
 * full length when longer. Why: messages echo what was wrong, and an uncapped echo turns a 1 MB
 * argument into megabytes per error (one error per field, per alias, in logs too) — an
 * amplification any anonymous client can trigger. Every echo of a client's input goes through here.
 */

/** Characters of the input a message keeps. */
export const QUOTED_PREFIX = 100;

/** `"payments"`, or `"aaaa…"…(10000 chars)` for a long input. */
export function quoteInput(value: string, max: number = QUOTED_PREFIX): string {
  if (value.length <= max) return JSON.stringify(value);
  return `${JSON.stringify(`${value.slice(0, max)}…`)}(${value.length} chars)`;
}

/** At most `max` quoted items, then "and N more". */
export function quoteList(values: readonly string[], max = 5): string {
  const shown = values.slice(0, max).map((v) => quoteInput(v)).join(', ');
  return values.length > max ? `${shown} and ${values.length - max} more` : shown;
}

/** Longest message that quotes input written by code not ours (graphql-js variable coercion quotes whole values). */
export const MAX_ECHO_MESSAGE = 2000;

/** `message`, cut at MAX_ECHO_MESSAGE characters with a note saying so. */
export function capMessage(message: string, max: number = MAX_ECHO_MESSAGE): string {
  return message.length <= max ? message : `${message.slice(0, max)}…(message cut at ${max} characters)`;
}
