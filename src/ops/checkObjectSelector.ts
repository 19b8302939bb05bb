/**
 * The check of a mutation's object label selector (`delete`'s and `copy`'s `labelSelector`),
 * done before any cluster is asked: the read graph's parser and limits, errors attributed to
 * the input field that carried the selector.
 */
import { InputError } from '../loaders/InputError.ts';
import { validateArguments } from '../loaders/validateArguments.ts';

/** Throws InputError naming `field` when the selector is empty or malformed; returns it otherwise. */
export function checkObjectSelector(field: string, labelSelector: string, emptyMeans: string): string {
  // An empty selector matches every object: kubectl asks for --all; a mutation refuses it.
  if (labelSelector.trim() === '') throw new InputError(field, `an empty selector matches every object of the kind; ${emptyMeans}`);
  try {
    validateArguments({ labelSelector });
  } catch (e) {
    if (e instanceof InputError) throw new InputError(field, e.message.slice(e.argument.length + 2));
    throw e;
  }
  return labelSelector;
}
