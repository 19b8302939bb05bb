/**
 * Reading and decoding request bodies: JSON for most requests, YAML for server-side apply
 * (`application/apply-patch+yaml`), Kubernetes protobuf for kubectl's typed clients
 * (`application/vnd.kubernetes.protobuf`), with kube-apiserver's 3 MiB limit and its error shapes.
 */
import type { IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { ApiError, errors } from './ApiError.ts';
import { decodeKubeProtobuf, ProtobufDecodeError } from './protobuf/decodeKubeProtobuf.ts';

export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) {
      throw new ApiError(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${MAX_BODY_BYTES}`);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Decode a body as JSON, or YAML or Kubernetes protobuf when the media type says so. */
export function decodeBody(raw: Buffer, contentType: string | undefined): unknown {
  const type = mediaType(contentType);
  if (type === 'application/vnd.kubernetes.protobuf') {
    if (raw.length === 0) throw errors.badRequest('the request body is empty');
    try {
      return decodeKubeProtobuf(raw);
    } catch (e) {
      if (e instanceof ProtobufDecodeError) throw errors.badRequest(`error decoding protobuf body: ${e.message}`);
      throw e;
    }
  }
  const text = raw.toString('utf8');
  if (text.trim() === '') throw errors.badRequest('the request body is empty');
  if (type === 'application/apply-patch+yaml' || type === 'application/yaml') {
    try {
      return parseYaml(text);
    } catch (e) {
      throw errors.badRequest(`error decoding YAML: ${(e as Error).message}`);
    }
  }
  if (type.includes('protobuf') || type === 'application/cbor' || type.includes('cbor')) throw errors.unsupportedMediaType(contentType ?? '');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw errors.badRequest(`couldn't get version/kind; json parse error: ${(e as Error).message}`);
  }
}
