/**
 * ValidateContainer: a container's name, image, pull and termination-message policies, ports,
 * env names and resource requests and limits.
 */

import type { Obj } from '../obj.ts';
import { obj, objs, str } from '../obj.ts';
import { dns1123LabelErrors, regexError } from '../names.ts';
import type { FieldError } from './fieldError.ts';
import { duplicate, invalid, notSupported, required } from './fieldError.ts';
import { portNameErrors, portNumErrors } from './ports.ts';

/** resource.Quantity's value, enough to compare requests with limits. */
function quantityValue(q: unknown): number | undefined {
  if (typeof q === 'number') return q;
  if (typeof q !== 'string') return undefined;
  const m = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/.exec(q);
  if (!m) return undefined;
  const n = Number(m[1]);
  const suffix = m[2] ?? '';
  const scale: Record<string, number> = {
    '': 1, n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
    Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
  };
  const s = scale[suffix];
  if (s !== undefined) return n * s;
  const exp = /^[eE]([-+]?\d+)$/.exec(suffix);
  return exp ? n * 10 ** Number(exp[1]) : undefined;
}

/** Native resources (cpu, memory...) may be requested below their limit; others must match it. */
function overcommitAllowed(name: string): boolean {
  return (!name.includes('/') || name.includes('kubernetes.io/')) && !name.startsWith('hugepages-');
}

function validateResources(path: string, r: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const limits = obj(r['limits']);
  const requests = obj(r['requests']);
  for (const [section, values] of [['limits', limits], ['requests', requests]] as const) {
    for (const [name, q] of Object.entries(values)) {
      const v = quantityValue(q);
      if (v === undefined) errs.push(invalid(`${path}.${section}[${name}]`, q, regexError('quantities must match the regular expression', '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$')));
      else if (v < 0) errs.push(invalid(`${path}.${section}[${name}]`, String(q), 'must be greater than or equal to 0'));
    }
  }
  for (const [name, q] of Object.entries(requests)) {
    const limit = limits[name];
    const req = quantityValue(q);
    const lim = quantityValue(limit);
    if (limit === undefined || req === undefined || lim === undefined) continue;
    if (req !== lim && !overcommitAllowed(name)) errs.push(invalid(`${path}.requests`, String(q), `must be equal to ${name} limit of ${String(limit)}`));
    else if (req > lim) errs.push(invalid(`${path}.requests`, String(q), `must be less than or equal to ${name} limit of ${String(limit)}`));
  }
  return errs;
}

export function validateContainer(c: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(c['name']);
  if (name === '') errs.push(required(`${path}.name`));
  else for (const m of dns1123LabelErrors(name)) errs.push(invalid(`${path}.name`, name, m));
  if (str(c['image']) === '') errs.push(required(`${path}.image`));
  if (c['imagePullPolicy'] !== undefined && !['Always', 'IfNotPresent', 'Never'].includes(str(c['imagePullPolicy']))) {
    errs.push(notSupported(`${path}.imagePullPolicy`, c['imagePullPolicy'], ['Always', 'IfNotPresent', 'Never']));
  }
  if (c['terminationMessagePolicy'] !== undefined && !['File', 'FallbackToLogsOnError'].includes(str(c['terminationMessagePolicy']))) {
    errs.push(notSupported(`${path}.terminationMessagePolicy`, c['terminationMessagePolicy'], ['File', 'FallbackToLogsOnError']));
  }
  const portNames = new Set<string>();
  objs(c['ports']).forEach((p, i) => {
    const pp = `${path}.ports[${i}]`;
    const port = p['containerPort'];
    if (port === undefined || port === 0) errs.push(required(`${pp}.containerPort`));
    else for (const m of portNumErrors(Number(port))) errs.push(invalid(`${pp}.containerPort`, port, m));
    if (p['hostPort'] !== undefined && p['hostPort'] !== 0) for (const m of portNumErrors(Number(p['hostPort']))) errs.push(invalid(`${pp}.hostPort`, p['hostPort'], m));
    const pn = str(p['name']);
    if (pn !== '') {
      for (const m of portNameErrors(pn)) errs.push(invalid(`${pp}.name`, pn, m));
      if (portNames.has(pn)) errs.push(duplicate(`${pp}.name`, pn));
      portNames.add(pn);
    }
    if (p['protocol'] !== undefined && !['SCTP', 'TCP', 'UDP'].includes(str(p['protocol']))) errs.push(notSupported(`${pp}.protocol`, p['protocol'], ['SCTP', 'TCP', 'UDP']));
  });
  objs(c['env']).forEach((e, i) => {
    if (str(e['name']) === '') errs.push(required(`${path}.env[${i}].name`));
  });
  errs.push(...validateResources(`${path}.resources`, obj(c['resources'])));
  return errs;
}
