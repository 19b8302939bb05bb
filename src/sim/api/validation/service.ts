/**
 * ValidateService: type, cluster IP, ports, session affinity and selector, and the cluster IP
 * an update may not change.
 */

import type { Obj } from '../obj.ts';
import { objs, str, strMap } from '../obj.ts';
import { dns1123LabelErrors, dns1123SubdomainErrors } from '../names.ts';
import type { FieldError } from './fieldError.ts';
import { duplicate, forbidden, invalid, notSupported, required } from './fieldError.ts';
import { validateLabels } from './metadata.ts';
import { portNameErrors, portNumErrors } from './ports.ts';

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const isIP = (s: string): boolean => IPV4.test(s) || (s.includes(':') && /^[0-9a-fA-F:.]+$/.test(s));

export function validateService(spec: Obj, oldSpec: Obj | undefined): FieldError[] {
  const errs: FieldError[] = [];
  const type = spec['type'] === undefined ? 'ClusterIP' : spec['type'];
  if (!SERVICE_TYPES.includes(str(type))) errs.push(notSupported('spec.type', type, SERVICE_TYPES));
  const clusterIP = str(spec['clusterIP']);
  const headless = clusterIP === 'None';
  const ports = objs(spec['ports']);
  if (type === 'ExternalName') {
    const en = str(spec['externalName']);
    if (en === '') errs.push(required('spec.externalName'));
    else for (const m of dns1123SubdomainErrors(en.replace(/\.$/, ''))) errs.push(invalid('spec.externalName', en, m));
  } else if (ports.length === 0 && !headless) {
    errs.push(required('spec.ports'));
  }
  if (clusterIP !== '' && !headless && !isIP(clusterIP)) errs.push(invalid('spec.clusterIPs[0]', clusterIP, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const pp = `spec.ports[${i}]`;
    const name = str(p['name']);
    if (ports.length > 1 && name === '') errs.push(required(`${pp}.name`));
    else if (name !== '') {
      for (const m of dns1123LabelErrors(name)) errs.push(invalid(`${pp}.name`, name, m));
      if (names.has(name)) errs.push(duplicate(`${pp}.name`, name));
      names.add(name);
    }
    for (const m of portNumErrors(Number(p['port'] ?? 0))) errs.push(invalid(`${pp}.port`, p['port'] ?? 0, m));
    if (p['protocol'] !== undefined && !['SCTP', 'TCP', 'UDP'].includes(str(p['protocol']))) errs.push(notSupported(`${pp}.protocol`, p['protocol'], ['SCTP', 'TCP', 'UDP']));
    const tp = p['targetPort'];
    if (typeof tp === 'number') for (const m of portNumErrors(tp)) errs.push(invalid(`${pp}.targetPort`, tp, m));
    else if (typeof tp === 'string') for (const m of portNameErrors(tp)) errs.push(invalid(`${pp}.targetPort`, tp, m));
    if (type === 'ClusterIP' && p['nodePort'] !== undefined && p['nodePort'] !== 0) errs.push(forbidden(`${pp}.nodePort`, "may not be used when `type` is 'ClusterIP'"));
  });
  const affinity = spec['sessionAffinity'];
  if (affinity !== undefined && affinity !== 'None' && affinity !== 'ClientIP') errs.push(notSupported('spec.sessionAffinity', affinity, ['ClientIP', 'None']));
  errs.push(...validateLabels('spec.selector', strMap(spec['selector'])));
  if (oldSpec && type !== 'ExternalName' && oldSpec['type'] !== 'ExternalName') {
    const before = str(oldSpec['clusterIP']);
    if (before !== '' && clusterIP !== '' && before !== clusterIP) {
      const shown = Array.isArray(spec['clusterIPs']) ? spec['clusterIPs'] : [clusterIP];
      errs.push(invalid('spec.clusterIPs[0]', shown, 'may not change once set'));
    }
  }
  return errs;
}
