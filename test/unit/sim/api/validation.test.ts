import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../../../../src/sim/api/defaults.ts';
import { formatFieldError, invalidMessage, validateObject } from '../../../../src/sim/api/validation.ts';
import type { FieldError } from '../../../../src/sim/api/validation.ts';
import { R } from '../../../../src/sim/resources.ts';
import type { ResourceType } from '../../../../src/sim/resources.ts';
import type { KObject } from '../../../../src/sim/types.ts';

function make(type: ResourceType, o: Record<string, unknown>): KObject {
  const meta = { name: 'web', ...(type.namespaced ? { namespace: 'default' } : {}), uid: 'u1', resourceVersion: '1', creationTimestamp: '2024-01-01T00:00:00Z' };
  const obj = { apiVersion: 'v1', kind: type.kind, ...structuredClone(o), metadata: { ...meta, ...(o['metadata'] as object | undefined) } } as unknown as KObject;
  applyDefaults(type, obj);
  return obj;
}

const messages = (type: ResourceType, o: KObject, old?: KObject): string[] => validateObject(type, o, old).map(formatFieldError);

const podSpec = { containers: [{ name: 'app', image: 'nginx:1.27' }] };
const deploymentSpec = (labels: Record<string, string>) => ({
  selector: { matchLabels: { app: 'web' } },
  template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'nginx' }] } },
});

const SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe('metadata validation', () => {
  it('accepts a valid pod', () => {
    expect(validateObject(R.pods, make(R.pods, { spec: podSpec }))).toEqual([]);
  });

  it('requires a name unless generateName is given', () => {
    expect(messages(R.pods, make(R.pods, { metadata: { name: '' }, spec: podSpec }))).toEqual(['metadata.name: Required value: name or generateName is required']);
    expect(messages(R.pods, make(R.pods, { metadata: { name: '', generateName: 'web-' }, spec: podSpec }))).toEqual([]);
  });

  it('rejects a name that is not a DNS subdomain with kube\'s message', () => {
    expect(messages(R.pods, make(R.pods, { metadata: { name: 'Web_1' }, spec: podSpec }))).toEqual([`metadata.name: Invalid value: "Web_1": ${SUBDOMAIN_MSG}`]);
  });

  it('requires DNS labels for namespaces and DNS-1035 labels for services', () => {
    expect(messages(R.namespaces, make(R.namespaces, { metadata: { name: 'a.b' } }))).toEqual(['metadata.name: Invalid value: "a.b": must not contain dots']);
    expect(messages(R.services, make(R.services, { metadata: { name: '1web' }, spec: { ports: [{ port: 80 }] } }))[0])
      .toBe("metadata.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')");
  });

  it('checks label keys and values', () => {
    const errs = messages(R.configmaps, make(R.configmaps, { metadata: { labels: { 'a/b/c': 'x', ok: 'bad value' } } }));
    expect(errs).toHaveLength(2);
    expect(errs[0]).toMatch(/^metadata\.labels: Invalid value: "a\/b\/c": a valid label key must consist of/);
    expect(errs[1]).toMatch(/^metadata\.labels: Invalid value: "bad value": a valid label must be an empty string or consist of/);
  });

  it('limits the total size of annotations', () => {
    const big = make(R.configmaps, { metadata: { annotations: { big: 'x'.repeat(262145) } } });
    expect(messages(R.configmaps, big)).toEqual(['metadata.annotations: Too long: must have at most 262144 bytes']);
  });

  it('keeps the name immutable on update', () => {
    const old = make(R.configmaps, {});
    const next = make(R.configmaps, { metadata: { name: 'other' } });
    expect(messages(R.configmaps, next, old)).toContain('metadata.name: Invalid value: "other": field is immutable');
  });
});

describe('pod validation', () => {
  it('requires at least one container', () => {
    expect(messages(R.pods, make(R.pods, { spec: { containers: [] } }))).toEqual(['spec.containers: Required value']);
  });

  it('requires an image and a DNS label name for each container, unique across the pod', () => {
    const errs = messages(R.pods, make(R.pods, { spec: { containers: [{ name: 'App', image: 'x' }, { name: 'b', image: '' }, { name: 'b', image: 'y' }] } }));
    expect(errs[0]).toMatch(/^spec\.containers\[0\]\.name: Invalid value: "App": a lowercase RFC 1123 label must consist of/);
    expect(errs).toContain('spec.containers[1].image: Required value');
    expect(errs).toContain('spec.containers[2].name: Duplicate value: "b"');
  });

  it('checks container port ranges', () => {
    const errs = messages(R.pods, make(R.pods, { spec: { containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 70000 }] }] } }));
    expect(errs).toEqual(['spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive']);
  });

  it('rejects requests above limits', () => {
    const errs = messages(R.pods, make(R.pods, { spec: { containers: [{ name: 'a', image: 'x', resources: { requests: { cpu: '2' }, limits: { cpu: '500m' } } }] } }));
    expect(errs).toEqual(['spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 500m']);
  });

  it('rejects an unknown restart policy', () => {
    expect(messages(R.pods, make(R.pods, { spec: { ...podSpec, restartPolicy: 'Sometimes' } })))
      .toEqual(['spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"']);
  });

  it('allows changing only images (and the like) on update', () => {
    const old = make(R.pods, { spec: podSpec });
    const newImage = structuredClone(old) as KObject & { spec: { containers: { image: string }[] } };
    newImage.spec.containers[0]!.image = 'nginx:1.28';
    expect(validateObject(R.pods, newImage, old)).toEqual([]);
  });

  it('forbids other pod spec changes such as moving it to another node', () => {
    const old = make(R.pods, { spec: { ...podSpec, nodeName: 'node-a' } });
    const moved = make(R.pods, { spec: { ...podSpec, nodeName: 'node-b' } });
    expect(messages(R.pods, moved, old)).toEqual([
      'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
    ]);
  });

  it('allows adding tolerations on update but not removing them', () => {
    const old = make(R.pods, { spec: podSpec });
    const added = structuredClone(old) as KObject & { spec: { tolerations: unknown[] } };
    added.spec.tolerations.push({ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' });
    expect(validateObject(R.pods, added, old)).toEqual([]);
    expect(validateObject(R.pods, old, added).map((e) => e.field)).toEqual(['spec']);
  });
});

describe('workload validation', () => {
  it('reports a selector that does not match the template labels', () => {
    const d = make(R.deployments, { apiVersion: 'apps/v1', spec: deploymentSpec({ app: 'x' }) });
    expect(messages(R.deployments, d)).toEqual(['spec.template.metadata.labels: Invalid value: map[string]string{"app":"x"}: `selector` does not match template `labels`']);
  });

  it('requires a selector', () => {
    const d = make(R.deployments, { apiVersion: 'apps/v1', spec: { template: deploymentSpec({ app: 'web' }).template } });
    expect(messages(R.deployments, d)).toContain('spec.selector: Required value');
  });

  it('rejects an empty deployment selector', () => {
    const d = make(R.deployments, { apiVersion: 'apps/v1', spec: { ...deploymentSpec({ app: 'web' }), selector: {} } });
    expect(messages(R.deployments, d)).toEqual(['spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment']);
  });

  it('rejects negative replicas', () => {
    const d = make(R.deployments, { apiVersion: 'apps/v1', spec: { ...deploymentSpec({ app: 'web' }), replicas: -1 } });
    expect(messages(R.deployments, d)).toEqual(['spec.replicas: Invalid value: -1: must be greater than or equal to 0']);
  });

  it('only allows restartPolicy Always in workload templates', () => {
    const spec = deploymentSpec({ app: 'web' });
    const d = make(R.deployments, { apiVersion: 'apps/v1', spec: { ...spec, template: { ...spec.template, spec: { ...spec.template.spec, restartPolicy: 'Never' } } } });
    expect(messages(R.deployments, d)).toEqual(['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"']);
  });

  it('keeps the selector immutable on update, printing it as kube does', () => {
    const old = make(R.deployments, { apiVersion: 'apps/v1', spec: deploymentSpec({ app: 'web' }) });
    const next = make(R.deployments, { apiVersion: 'apps/v1', spec: { ...deploymentSpec({ app: 'api' }), selector: { matchLabels: { app: 'api' } } } });
    expect(messages(R.deployments, next, old)).toEqual(['spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"api"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable']);
  });

  it('validates stateful sets, daemon sets and replica sets the same way', () => {
    for (const type of [R.statefulsets, R.daemonsets, R.replicasets]) {
      const o = make(type, { apiVersion: 'apps/v1', spec: deploymentSpec({ app: 'x' }) });
      expect(messages(type, o)).toContain('spec.template.metadata.labels: Invalid value: map[string]string{"app":"x"}: `selector` does not match template `labels`');
    }
  });

  it('forbids changing stateful set fields other than the mutable ones', () => {
    const old = make(R.statefulsets, { apiVersion: 'apps/v1', spec: { ...deploymentSpec({ app: 'web' }), serviceName: 'a' } });
    const next = make(R.statefulsets, { apiVersion: 'apps/v1', spec: { ...deploymentSpec({ app: 'web' }), serviceName: 'b', replicas: 5 } });
    expect(messages(R.statefulsets, next, old)[0]).toMatch(/^spec: Forbidden: updates to statefulset spec for fields other than 'replicas'/);
  });
});

describe('service validation', () => {
  it('requires ports unless the service is headless or ExternalName', () => {
    expect(messages(R.services, make(R.services, { spec: {} }))).toEqual(['spec.ports: Required value']);
    expect(messages(R.services, make(R.services, { spec: { clusterIP: 'None' } }))).toEqual([]);
    expect(messages(R.services, make(R.services, { spec: { type: 'ExternalName', externalName: 'db.example.com' } }))).toEqual([]);
  });

  it('checks port numbers and requires unique names when there are several ports', () => {
    const errs = messages(R.services, make(R.services, { spec: { ports: [{ port: 0, name: 'http' }, { port: 443 }, { port: 8080, name: 'http' }] } }));
    // The target port defaults to the (bad) port, so kube reports both, as here.
    expect(errs).toEqual([
      'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.ports[1].name: Required value',
      'spec.ports[2].name: Duplicate value: "http"',
    ]);
  });

  it('rejects an unknown type', () => {
    expect(messages(R.services, make(R.services, { spec: { type: 'Magic', ports: [{ port: 80 }] } })))
      .toContain('spec.type: Unsupported value: "Magic": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"');
  });

  it('keeps the cluster IP once set', () => {
    const old = make(R.services, { spec: { clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ports: [{ port: 80 }] } });
    const next = make(R.services, { spec: { clusterIP: '10.96.0.11', clusterIPs: ['10.96.0.11'], ports: [{ port: 80 }] } });
    expect(messages(R.services, next, old)).toEqual(['spec.clusterIPs[0]: Invalid value: []string{"10.96.0.11"}: may not change once set']);
  });
});

describe('config validation', () => {
  it('rejects invalid data keys', () => {
    expect(messages(R.configmaps, make(R.configmaps, { data: { 'bad key': 'x' } })))
      .toEqual(["data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"]);
  });

  it('limits config maps and secrets to 1MiB', () => {
    expect(messages(R.configmaps, make(R.configmaps, { data: { a: 'x'.repeat(1024 * 1024 + 1) } }))).toEqual([': Too long: must have at most 1048576 bytes']);
    const secret = make(R.secrets, { data: { a: Buffer.alloc(1024 * 1024 + 1).toString('base64') } });
    expect(messages(R.secrets, secret)).toEqual(['data: Too long: must have at most 1048576 bytes']);
  });

  it('freezes the data of immutable config maps', () => {
    const old = make(R.configmaps, { immutable: true, data: { a: '1' } });
    const next = make(R.configmaps, { immutable: true, data: { a: '2' } });
    expect(messages(R.configmaps, next, old)).toEqual(['data: Forbidden: field is immutable when `immutable` is set']);
  });
});

describe('error formatting', () => {
  it('formats each error type like kube\'s ErrorList', () => {
    const cases: [FieldError, string][] = [
      [{ type: 'FieldValueRequired', field: 'metadata.name', detail: 'name or generateName is required' }, 'metadata.name: Required value: name or generateName is required'],
      [{ type: 'FieldValueInvalid', field: 'spec.replicas', detail: 'must be greater than or equal to 0', badValue: -1 }, 'spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
      [{ type: 'FieldValueNotSupported', field: 'spec.type', detail: 'supported values: "A"', badValue: 'B' }, 'spec.type: Unsupported value: "B": supported values: "A"'],
      [{ type: 'FieldValueDuplicate', field: 'spec.ports[1].name', detail: '', badValue: 'http' }, 'spec.ports[1].name: Duplicate value: "http"'],
      [{ type: 'FieldValueForbidden', field: 'spec', detail: 'nope' }, 'spec: Forbidden: nope'],
      [{ type: 'FieldValueTooMany', field: 'spec.x', detail: 'must have at most 2 items', badValue: 3 }, 'spec.x: Too many: 3: must have at most 2 items'],
      [{ type: 'FieldValueInvalid', field: 'a', detail: 'd', badValue: 'line\n"q"' }, 'a: Invalid value: "line\\n\\"q\\"": d'],
    ];
    for (const [e, text] of cases) expect(formatFieldError(e)).toBe(text);
  });

  it('builds the 422 message with the group-qualified kind and joins several errors', () => {
    const one: FieldError = { type: 'FieldValueRequired', field: 'spec.selector', detail: '' };
    const two: FieldError = { type: 'FieldValueInvalid', field: 'spec.replicas', detail: 'must be greater than or equal to 0', badValue: -1 };
    expect(invalidMessage(R.deployments, 'web', [one])).toBe('Deployment.apps "web" is invalid: spec.selector: Required value');
    expect(invalidMessage(R.pods, 'x', [one, two, one])).toBe('Pod "x" is invalid: [spec.selector: Required value, spec.replicas: Invalid value: -1: must be greater than or equal to 0]');
  });
});
