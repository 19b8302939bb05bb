/**
 * The CSRF rule of Apollo Server (kept on) with a message that says what to send.
 *
 * Why (security): a browser sends some cross-site requests without asking the server first
 * (no CORS preflight): GETs, and POSTs whose content-type is text/plain, form-urlencoded or
 * multipart. Such a "simple" request cannot read the answer, but it still runs; a GraphQL GET
 * from any page would make the gateway fan out to every cluster on the visitor's behalf. So a
 * request must carry something a page on another origin cannot send without a preflight: a
 * non-simple content-type (e.g. `application/json`) or the header `apollo-require-preflight`
 * (any non-empty value; `x-apollo-operation-name` works too). Apollo checks the same rule again
 * after us; this copy only words the refusal for the people who meet it (urql's default GET,
 * a URL typed into the address bar), which Apollo's text calls a "potential CSRF".
 */
import type { IncomingMessage } from 'node:http';

const SIMPLE_TYPES = new Set(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']);
const PREFLIGHT_HEADERS = ['apollo-require-preflight', 'x-apollo-operation-name'] as const;

/** undefined when the request may go on; else the message of a 400 BAD_REQUEST. */
export function csrfRefusal(req: IncomingMessage): string | undefined {
  const type = req.headers['content-type'];
  if (type !== undefined) {
    const mime = type.split(';')[0]?.trim().toLowerCase() ?? '';
    if (mime !== '' && !SIMPLE_TYPES.has(mime)) return undefined;
  }
  if (PREFLIGHT_HEADERS.some((h) => { const v = req.headers[h]; return typeof v === 'string' && v !== ''; })) return undefined;
  const what = req.method === 'GET' || req.method === 'HEAD'
    ? 'a GET request to /graphql must carry the header `apollo-require-preflight: true` (or a `content-type: application/json` header)'
    : `a ${req.method ?? ''} request to /graphql must have \`content-type: application/json\`${type === undefined ? '' : ` (got ${JSON.stringify(type.slice(0, 100))})`} or carry the header \`apollo-require-preflight: true\``;
  return `${what}. The gateway refuses requests that a web page on another site could make a browser send without asking (cross-site request forgery protection); a URL typed into the address bar is such a request: use GraphiQL at /graphql instead. See docs/http.md for what each client must send.`;
}
