/**
 * An in-memory file answered over HTTP with a strong ETag: 304 when the browser's If-None-Match
 * already names it, headers only for HEAD. Used for GraphiQL's page and its vendored assets.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface StaticFile {
  readonly body: Buffer;
  readonly etag: string;
  /** Content-Type, Cache-Control and whatever else the file is always sent with. */
  readonly headers: Readonly<Record<string, string>>;
}

export function staticFile(body: Buffer | string, headers: Readonly<Record<string, string>>): StaticFile {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const etag = `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 32)}"`;
  return { body: bytes, etag, headers };
}

/** Answers a GET or HEAD for `file`; the caller has already checked the method and path. */
export function sendStaticFile(req: IncomingMessage, res: ServerResponse, file: StaticFile): void {
  for (const [name, value] of Object.entries(file.headers)) res.setHeader(name, value);
  res.setHeader('ETag', file.etag);
  if (ifNoneMatchHits(req.headers['if-none-match'], file.etag)) {
    res.statusCode = 304;
    // A 304 carries no body: drop the body-describing header set above.
    res.removeHeader('Content-Type');
    res.end();
    return;
  }
  res.statusCode = 200;
  res.setHeader('Content-Length', file.body.length);
  if (req.method === 'HEAD') res.end();
  else res.end(file.body);
}

/**
 * RFC 9110 §13.1.2: If-None-Match uses the weak comparison, so `W/"x"` matches `"x"`, and `*`
 * matches any current representation.
 */
function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || (tag.startsWith('W/') ? tag.slice(2) : tag) === etag;
  });
}
