/**
 * Container images as the kubelet and containerd report them: the fully qualified reference
 * (`docker.io/library/nginx:1.27`), a digest-pinned image ID, a plausible size, and how the
 * simulator makes an image behave (names containing `crashloop`, `imagepullfail`/`doesnotexist`
 * or `completes` crash-loop, fail to pull, or run to completion).
 */
import { createHash } from 'node:crypto';

export type ImageBehaviour = 'run' | 'crash' | 'pullfail' | 'complete';

export function imageBehaviour(image: string): ImageBehaviour {
  const s = image.toLowerCase();
  if (s.includes('imagepullfail') || s.includes('doesnotexist')) return 'pullfail';
  if (s.includes('crashloop')) return 'crash';
  if (s.includes('completes')) return 'complete';
  return 'run';
}

/** docker's reference normalization: `nginx` → `docker.io/library/nginx:latest`. */
export function qualifiedImage(image: string): string {
  let name = image;
  const slash = name.indexOf('/');
  const first = slash === -1 ? '' : name.slice(0, slash);
  if (slash === -1) name = `docker.io/library/${name}`;
  else if (!first.includes('.') && !first.includes(':') && first !== 'localhost') name = `docker.io/${name}`;
  const lastSlash = name.lastIndexOf('/');
  if (!name.includes('@') && !name.slice(lastSlash + 1).includes(':')) name += ':latest';
  return name;
}

function repository(image: string): string {
  const q = qualifiedImage(image);
  const at = q.indexOf('@');
  if (at !== -1) return q.slice(0, at);
  const lastSlash = q.lastIndexOf('/');
  const colon = q.indexOf(':', lastSlash + 1);
  return colon === -1 ? q : q.slice(0, colon);
}

/** `docker.io/library/nginx@sha256:<64 hex>`, the same for the same image everywhere. */
export function imageId(image: string): string {
  return `${repository(image)}@sha256:${createHash('sha256').update(qualifiedImage(image)).digest('hex')}`;
}

/** A stable, plausible compressed size in bytes (5 MB to 500 MB). */
export function imageSize(image: string): number {
  const h = createHash('sha256').update(`size:${qualifiedImage(image)}`).digest();
  return 5_000_000 + (h.readUInt32BE(0) % 495_000_000);
}

/** The error containerd gives for an image that does not exist. */
export function pullError(image: string): string {
  const q = qualifiedImage(image);
  return `rpc error: code = NotFound desc = failed to pull and unpack image "${q}": failed to resolve reference "${q}": ${q}: not found`;
}
