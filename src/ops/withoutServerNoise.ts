/**
 * An object as a person reviewing a change reads it: without what the server sets on every
 * write (managedFields, resourceVersion, generation, uid, timestamps) and without status, which
 * the writer does not own. Plans diff these, so a diff shows what the manifests change and
 * nothing that changes on every write.
 */

const NOISY_METADATA = ['managedFields', 'resourceVersion', 'generation', 'uid', 'selfLink', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds'];

export function withoutServerNoise(object: Record<string, unknown>): Record<string, unknown> {
  const { status: _status, metadata, ...rest } = object;
  if (typeof metadata !== 'object' || metadata === null) return rest;
  const meta: Record<string, unknown> = { ...(metadata as Record<string, unknown>) };
  for (const key of NOISY_METADATA) delete meta[key];
  return { ...rest, metadata: meta };
}

/** managedFields without their timestamps: who owns which fields, which a no-op apply leaves as it was. */
export function ownership(object: Record<string, unknown>): unknown {
  const metadata = object.metadata as { managedFields?: Array<Record<string, unknown>> } | undefined;
  return (metadata?.managedFields ?? []).map(({ time: _time, ...entry }) => entry);
}
