/**
 * Every problem found in a mutation's manifests, reported together (BAD_USER_INPUT, as an
 * InputError) before anything is written: fixing them one round trip at a time is what makes
 * automation authors give up on a tool.
 */
import { InputError } from '../loaders/InputError.ts';

export interface ManifestProblem {
  /** 1-based document in the YAML stream, the item of a List, and the line, when known. */
  document?: number;
  item?: number;
  line?: number;
  message: string;
}

/** How many problems the message spells out; the rest are counted. */
const LISTED = 20;

export class ManifestError extends InputError {
  constructor(readonly problems: readonly ManifestProblem[]) {
    const listed = problems.slice(0, LISTED).map((p) => (p.document === undefined ? p.message : `${place(p)}: ${p.message}`));
    const more = problems.length > LISTED ? `; and ${problems.length - LISTED} more` : '';
    const head = problems.length === 1 ? '1 problem, nothing was written' : `${problems.length} problems, nothing was written`;
    super('manifests', `${head}: ${listed.join('; ')}${more}`);
  }
}

export function place(p: { document?: number; item?: number; line?: number }): string {
  if (p.document === undefined) return 'the manifests';
  return `document ${p.document}${p.item === undefined ? '' : `, item ${p.item}`}${p.line === undefined ? '' : ` (line ${p.line})`}`;
}
