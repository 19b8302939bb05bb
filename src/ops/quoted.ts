/**
 * An input value quoted in an error message, capped: messages echo what was wrong, never a
 * megabyte of it (one error per cluster times a huge echoed value is how a small request makes
 * a huge answer).
 */
const MAX = 64;

export function quoted(value: string): string {
  return value.length > MAX ? `${JSON.stringify(value.slice(0, MAX))}... (${value.length} characters)` : JSON.stringify(value);
}
