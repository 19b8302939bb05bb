/**
 * Writing responses the way kube-apiserver does: JSON bodies with the right content type,
 * Status objects for errors, and server-side Table printing when the client asks for it.
 */
import type { ServerResponse } from 'node:http';
import { ApiError } from './ApiError.ts';

export const TABLE_CONTENT_TYPE = 'application/json;as=Table;v=v1;g=meta.k8s.io';

export function sendJson(res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
  sendRaw(res, code, JSON.stringify(body), headers);
}

export function sendRaw(res: ServerResponse, code: number, text: string, headers: Record<string, string> = {}, contentType = 'application/json'): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(code, { 'Content-Type': contentType, 'Cache-Control': 'no-cache, private', ...headers });
  res.end(text);
}

export function sendError(res: ServerResponse, error: ApiError): void {
  sendJson(res, error.code, error.toStatus(), error.headers);
}

/** Does the Accept header ask for a meta.k8s.io Table (what `kubectl get` asks for)? */
export function wantsTable(accept: string | undefined): boolean {
  if (!accept) return false;
  const first = accept.split(',')[0] ?? '';
  return /as=Table/.test(first) && /g=meta\.k8s\.io/.test(first);
}
