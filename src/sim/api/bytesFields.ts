/**
 * Fields of type []byte (Secret `data`, ConfigMap `binaryData`) travel as standard base64 in
 * JSON, and kube-apiserver refuses a body whose value does not decode, before any validation:
 * 400 BadRequest `Secret in version "v1" cannot be handled as a Secret: illegal base64 data at
 * input byte N`. Checking here lets encoding bugs fail against the simulator as they would on a
 * real cluster. The byte offset follows Go's encoding/base64 (StdEncoding, padded, CR and LF
 * skipped), so the message is the one a real server gives.
 */
import type { ResourceType } from '../resources.ts';
import { errors } from './ApiError.ts';

const ALPHABET = /^[A-Za-z0-9+/]$/;

/** The offset Go's base64.StdEncoding.DecodeString reports for `text`, or undefined when it decodes. */
export function base64ErrorOffset(text: string): number | undefined {
  const src = Buffer.from(text, 'utf8');
  const isNewline = (b: number | undefined) => b === 0x0a || b === 0x0d;
  let si = 0;
  while (si < src.length) {
    // One quantum of four symbols, as Go's decodeQuantum reads it.
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return undefined;
        return si - j;
      }
      const c = src[si]!;
      si++;
      if (ALPHABET.test(String.fromCharCode(c))) continue;
      if (isNewline(c)) { j--; continue; }
      if (c !== 0x3d) return si - 1;
      // Padding: only after two or three symbols, and "==" after two.
      if (j < 2) return si - 1;
      if (j === 2) {
        while (si < src.length && isNewline(src[si])) si++;
        if (si === src.length) return src.length;
        if (src[si] !== 0x3d) return si - 1;
        si++;
      }
      while (si < src.length && isNewline(src[si])) si++;
      return si < src.length ? si : undefined;
    }
  }
  return undefined;
}

const BYTES_FIELDS: Record<string, string> = { Secret: 'data', ConfigMap: 'binaryData' };

/** Throws kube's 400 when a []byte map of the body holds a value that is not base64. */
export function checkBytesFields(type: ResourceType, version: string, body: unknown): void {
  const field = type.group === '' ? BYTES_FIELDS[type.kind] : undefined;
  if (!field || typeof body !== 'object' || body === null) return;
  const values = (body as Record<string, unknown>)[field];
  if (typeof values !== 'object' || values === null) return;
  for (const value of Object.values(values)) {
    if (typeof value !== 'string') continue;
    const offset = base64ErrorOffset(value);
    if (offset !== undefined) {
      throw errors.badRequest(`${type.kind} in version "${version}" cannot be handled as a ${type.kind}: illegal base64 data at input byte ${offset}`);
    }
  }
}
