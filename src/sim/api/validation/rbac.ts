/**
 * Validation of RoleBindings and ClusterRoleBindings: the roleRef and subjects, and the roleRef
 * an update may not change.
 */

import type { Obj } from '../obj.ts';
import { obj, objs, str } from '../obj.ts';
import type { FieldError } from './fieldError.ts';
import { invalid, notSupported, required } from './fieldError.ts';
import { GoLiteral, goQuote } from './goLiteral.ts';
import { same } from './same.ts';

export function validateBinding(o: Obj, old: Obj | undefined, kinds: string[]): FieldError[] {
  const errs: FieldError[] = [];
  const ref = obj(o['roleRef']);
  if (str(ref['apiGroup']) !== 'rbac.authorization.k8s.io') errs.push(notSupported('roleRef.apiGroup', str(ref['apiGroup']), ['rbac.authorization.k8s.io']));
  if (!kinds.includes(str(ref['kind']))) errs.push(notSupported('roleRef.kind', str(ref['kind']), kinds));
  if (str(ref['name']) === '') errs.push(required('roleRef.name'));
  objs(o['subjects']).forEach((s, i) => {
    if (!['ServiceAccount', 'User', 'Group'].includes(str(s['kind']))) errs.push(notSupported(`subjects[${i}].kind`, str(s['kind']), ['ServiceAccount', 'User', 'Group']));
    if (str(s['name']) === '') errs.push(required(`subjects[${i}].name`));
  });
  if (old && !same(o['roleRef'], old['roleRef'])) {
    errs.push(invalid('roleRef', new GoLiteral(`rbac.RoleRef{APIGroup:${goQuote(str(ref['apiGroup']))}, Kind:${goQuote(str(ref['kind']))}, Name:${goQuote(str(ref['name']))}}`), 'cannot change roleRef'));
  }
  return errs;
}
