/**
 * The error every patch algorithm throws for a patch it cannot apply, carrying the HTTP status
 * kube-apiserver answers with: 400 for a body that is unparsable or of the wrong shape, 422 for a
 * well-formed patch that does not fit the object (failed JSON-patch `test`, missing path), 409 for
 * the rare conflicts a patch itself detects. Server-side apply conflicts use ApplyConflictError.
 */
export class PatchError extends Error {
  constructor(message: string, public readonly code: 400 | 409 | 422 = 422) {
    super(message);
    this.name = 'PatchError';
  }
}
