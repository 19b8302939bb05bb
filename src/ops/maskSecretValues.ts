/**
 * A plan's diff of a Secret without its values, as `kubectl diff` masks them: each value of
 * `data` and `stringData` becomes `***` when both sides hold the same one, `*** (before)` and
 * `*** (after)` when it changes; a key added or removed shows as such. The
 * last-applied-configuration annotation, which repeats the values, is masked the same way.
 *
 * Why (security): a plan (`apply` with dryRun, `copy` with dryRun) diffs the live object against
 * the server's dry-run result, and for a Secret both carry its values: without this, a dry run
 * would be a way to read any Secret the caller may `get`, into a response, past the gateway
 * policy's `secrets` and past the rule that values appear only in an export asked for with
 * includeSecrets. Mechanism: masked before the diff is made, so no value reaches the diff text.
 * Out of scope: key names and whether a value changed stay visible (as in kubectl).
 */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const VALUE_FIELDS = ['data', 'stringData'] as const;

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether `object` is a core/v1 Secret (the only kind whose values are masked). */
export function isSecret(object: Obj | null | undefined): boolean {
  return !!object && object.kind === 'Secret' && (object.apiVersion === 'v1' || object.apiVersion === undefined);
}

/** The pair with every Secret value masked; `before` is null for an object the plan creates. */
export function maskSecretValues(before: Obj | null, after: Obj): [Obj | null, Obj] {
  const b = before === null ? null : structuredClone(before);
  const a = structuredClone(after);
  for (const field of VALUE_FIELDS) maskField(b?.[field], a[field], (v) => { if (b) b[field] = v; }, (v) => { a[field] = v; });
  const annotationsOf = (o: Obj | null) => (o && isObj(o.metadata) && isObj(o.metadata.annotations) ? o.metadata.annotations : undefined);
  const ba = annotationsOf(b);
  const aa = annotationsOf(a);
  const bl = ba?.[LAST_APPLIED];
  const al = aa?.[LAST_APPLIED];
  if (ba && bl !== undefined) ba[LAST_APPLIED] = al === undefined ? '***' : bl === al ? '***' : '*** (before)';
  if (aa && al !== undefined) aa[LAST_APPLIED] = bl === undefined ? '***' : bl === al ? '***' : '*** (after)';
  return [b, a];
}

function maskField(before: unknown, after: unknown, setBefore: (v: Obj) => void, setAfter: (v: Obj) => void): void {
  const b = isObj(before) ? before : undefined;
  const a = isObj(after) ? after : undefined;
  if (b) setBefore(Object.fromEntries(Object.entries(b).map(([k, v]) => [k, a && k in a ? (a[k] === v ? '***' : '*** (before)') : '***'])));
  if (a) setAfter(Object.fromEntries(Object.entries(a).map(([k, v]) => [k, b && k in b ? (b[k] === v ? '***' : '*** (after)') : '***'])));
  // A field that is not a mapping (malformed input) is dropped from both sides rather than shown.
  if (before !== undefined && !b) setBefore({});
  if (after !== undefined && !a) setAfter({});
}
