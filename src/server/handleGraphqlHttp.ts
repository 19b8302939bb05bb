/**
 * Apollo Server on Node's own http server: turns an IncomingMessage into Apollo's
 * HTTPGraphQLRequest and writes its answer back (whole or incrementally delivered). The body
 * size cap protects the gateway from a client sending an unbounded request body.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type ContextFunction } from '@apollo/server';
import { csrfRefusal } from './csrfRefusal.ts';

const MAX_BODY_BYTES = 1 << 20;

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      // Past the cap, read on and discard (the client gets its 413 instead of a reset connection).
      if (size > MAX_BODY_BYTES) chunks = [];
      else chunks.push(c);
    });
    req.on('end', () => (size > MAX_BODY_BYTES ? reject(new BodyTooLarge()) : resolve(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

function sendJsonError(res: ServerResponse, status: number, message: string, code: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

/**
 * Codes of errors in a well-formed request (its document or variables are wrong). The
 * GraphQL-over-HTTP spec: under the legacy `application/json` media type such an answer SHOULD
 * be 200 (old clients read the errors only from a 200); under `application/graphql-response+json`
 * it is 400, as Apollo answers.
 */
const DOCUMENT_ERROR_CODES: ReadonlySet<unknown> = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'QUERY_TOO_COMPLEX']);

function legacyStatus(status: number, contentType: string | undefined, body: string): number {
  if (status !== 400 || !contentType?.startsWith('application/json')) return status;
  try {
    const parsed = JSON.parse(body) as { data?: unknown; errors?: Array<{ extensions?: { code?: unknown } }> };
    const errors = parsed.errors ?? [];
    return errors.length > 0 && errors.every((e) => DOCUMENT_ERROR_CODES.has(e.extensions?.code)) ? 200 : status;
  } catch {
    return status;
  }
}

export async function handleGraphqlHttp<C extends object>(
  server: ApolloServer<C>, context: ContextFunction<[{ req: IncomingMessage }], C>, req: IncomingMessage, res: ServerResponse,
): Promise<void> {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const refusal = csrfRefusal(req);
  if (refusal !== undefined) return sendJsonError(res, 400, refusal, 'BAD_REQUEST');
  let body: unknown;
  if (req.method === 'POST') {
    let text: string;
    try {
      text = await readBody(req);
    } catch (e) {
      if (e instanceof BodyTooLarge) return sendJsonError(res, 413, `request body over ${MAX_BODY_BYTES} bytes`, 'BAD_REQUEST');
      throw e;
    }
    const type = (headers.get('content-type') ?? '').toLowerCase();
    if (type.startsWith('application/json') || type.startsWith('application/graphql-response+json')) {
      try {
        body = text.length > 0 ? JSON.parse(text) : undefined;
      } catch {
        return sendJsonError(res, 400, 'the request body is not valid JSON', 'BAD_REQUEST');
      }
    } else {
      body = text;
    }
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  const answer = await server.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: url.search, body },
    context: () => context({ req }),
  });
  const outHeaders: Record<string, string> = {};
  for (const [k, v] of answer.headers) outHeaders[k] = v;
  if (answer.body.kind === 'complete') {
    // Encoded once, with its length: given the string, Node would scan it for its byte length
    // (to frame it chunked) and then encode it, two passes over a reply of many megabytes.
    const bytes = Buffer.from(answer.body.string, 'utf8');
    outHeaders['content-length'] = String(bytes.length);
    res.writeHead(legacyStatus(answer.status ?? 200, outHeaders['content-type'], answer.body.string), outHeaders);
    res.end(bytes);
    return;
  }
  res.writeHead(answer.status ?? 200, outHeaders);
  for await (const chunk of answer.body.asyncIterator) res.write(chunk);
  res.end();
}
