import { describe, expect, it } from 'vitest';
import { decodeKubeProtobuf, decodeMessageNamed, ProtobufDecodeError } from '../../../../../src/sim/api/protobuf/decodeKubeProtobuf.ts';
import { bool, bytes, envelope, int, intOrString, mapEntry, msg, objectMeta, quantity, quantityMap, str, strMap, time, varint } from './encoder.ts';
import { captured } from './kubectlBodies.ts';

describe('bodies captured from kubectl 1.32', () => {
  it('decodes create deployment into the JSON kubectl used to send', () => {
    expect(decodeKubeProtobuf(captured('deploy3'))).toEqual({
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: { name: 'web', creationTimestamp: null, labels: { app: 'web' } },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { creationTimestamp: null, labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', resources: {} }] },
        },
        strategy: {},
      },
      status: {},
    });
  });

  it('keeps an explicit replicas: 0 (a pointer field) while dropping zero value fields', () => {
    const d = decodeKubeProtobuf(captured('deploy0')) as { spec: Record<string, unknown> };
    expect(d.spec['replicas']).toBe(0);
    // minReadySeconds, paused … are on the wire as zeros but are omitempty value fields.
    expect(Object.keys(d.spec)).toEqual(['replicas', 'selector', 'template', 'strategy']);
    const container = (d.spec['template'] as { spec: { containers: Array<Record<string, unknown>> } }).spec.containers[0]!;
    expect(container).toEqual({ name: 'nginx', image: 'nginx:1.27', resources: {} });
  });

  it('decodes commands, ports and several containers', () => {
    const port = decodeKubeProtobuf(captured('deployport')) as { spec: { template: { spec: unknown } } };
    expect(port.spec.template.spec).toEqual({
      containers: [{ name: 'busybox', image: 'busybox:1.36', command: ['sleep', '3600'], ports: [{ containerPort: 8080 }], resources: {} }],
    });
    const multi = decodeKubeProtobuf(captured('deploymulti')) as { spec: { replicas: number; template: { spec: { containers: Array<{ name: string }> } } } };
    expect(multi.spec.replicas).toBe(1);
    expect(multi.spec.template.spec.containers.map((c) => c.name)).toEqual(['nginx', 'busybox']);
  });

  it('decodes namespaces and service accounts', () => {
    expect(decodeKubeProtobuf(captured('ns'))).toEqual({ kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'x', creationTimestamp: null }, spec: {}, status: {} });
    expect(decodeKubeProtobuf(captured('sa'))).toEqual({ kind: 'ServiceAccount', apiVersion: 'v1', metadata: { name: 'sa', creationTimestamp: null } });
  });

  it('keeps empty strings inside maps and writes bytes as base64', () => {
    expect(decodeKubeProtobuf(captured('cm'))).toEqual({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'c', creationTimestamp: null }, data: { a: 'b', empty: '' } });
    expect(decodeKubeProtobuf(captured('cmbin'))).toMatchObject({ binaryData: { k: 'AAH+/w==' } });
    expect(decodeKubeProtobuf(captured('secret'))).toEqual({
      kind: 'Secret', apiVersion: 'v1', metadata: { name: 's', creationTimestamp: null }, data: { p: Buffer.from('q').toString('base64') }, type: 'Opaque',
    });
    expect(decodeKubeProtobuf(captured('secretbin'))).toEqual({ kind: 'Secret', apiVersion: 'v1', metadata: { name: 'sb', creationTimestamp: null }, data: { k: 'AAH+/w==' } });
  });

  it('decodes TLS and docker-registry secrets', () => {
    const tls = decodeKubeProtobuf(captured('secrettls')) as { type: string; data: Record<string, string> };
    expect(tls.type).toBe('kubernetes.io/tls');
    expect(Buffer.from(tls.data['tls.crt']!, 'base64').toString()).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(Buffer.from(tls.data['tls.key']!, 'base64').toString()).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const docker = decodeKubeProtobuf(captured('dockercfg')) as { type: string; data: Record<string, string> };
    expect(docker.type).toBe('kubernetes.io/dockerconfigjson');
    expect(JSON.parse(Buffer.from(docker.data['.dockerconfigjson']!, 'base64').toString())).toEqual({ auths: { 'r.example': { username: 'u', password: 'p', auth: 'dTpw' } } });
  });

  it('decodes services, with IntOrString target ports as numbers or names', () => {
    expect(decodeKubeProtobuf(captured('svcip'))).toEqual({
      kind: 'Service', apiVersion: 'v1',
      metadata: { name: 'svc', creationTimestamp: null, labels: { app: 'svc' } },
      spec: { ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }], selector: { app: 'svc' }, type: 'ClusterIP' },
      status: { loadBalancer: {} },
    });
    expect(decodeKubeProtobuf(captured('svcnp'))).toMatchObject({ spec: { ports: [{ port: 80, targetPort: 'http', nodePort: 30080 }], type: 'NodePort' } });
    expect(decodeKubeProtobuf(captured('svcheadless'))).toMatchObject({ spec: { clusterIP: 'None', type: 'ClusterIP' } });
    expect(decodeKubeProtobuf(captured('svclb'))).toMatchObject({ spec: { ports: [{ port: 443, targetPort: 8443 }], type: 'LoadBalancer' } });
    expect(decodeKubeProtobuf(captured('svcext'))).toMatchObject({ spec: { type: 'ExternalName', externalName: 'example.com' } });
  });

  it('decodes RBAC objects', () => {
    expect(decodeKubeProtobuf(captured('role'))).toEqual({
      kind: 'Role', apiVersion: 'rbac.authorization.k8s.io/v1', metadata: { name: 'r', creationTimestamp: null },
      rules: [
        { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'], resourceNames: ['foo'] },
        { verbs: ['get', 'list'], apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['foo'] },
      ],
    });
    expect(decodeKubeProtobuf(captured('rb'))).toEqual({
      kind: 'RoleBinding', apiVersion: 'rbac.authorization.k8s.io/v1', metadata: { name: 'rb', creationTimestamp: null },
      subjects: [
        { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'u' },
        { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'g' },
        { kind: 'ServiceAccount', name: 'sa', namespace: 'default' },
      ],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' },
    });
    expect(decodeKubeProtobuf(captured('cr'))).toMatchObject({ rules: [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }] });
    expect(decodeKubeProtobuf(captured('cragg'))).toMatchObject({ aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'rbac.example.com/aggregate': 'true' } }] } });
    expect(decodeKubeProtobuf(captured('crb'))).toMatchObject({ kind: 'ClusterRoleBinding', roleRef: { kind: 'ClusterRole', name: 'cr' }, subjects: [{ kind: 'Group', name: 'g' }] });
  });
});

/** A pod with most of PodSpec and Container, encoded with every value field present as gogo does. */
function fullPod(): Buffer {
  const probe = msg(10,
    msg(1, msg(2, str(1, '/healthz'), intOrString(2, 'http'), str(3, ''), str(4, 'HTTP'), msg(5, str(1, 'X-Probe'), str(2, 'yes')))),
    int(2, 5), int(3, 1), int(4, 10), int(5, 1), int(6, 3), int(7, 0));
  const readiness = msg(11, msg(1, msg(3, intOrString(1, 8080), str(2, ''))), int(2, 0), int(3, 0), int(4, 0), int(5, 0), int(6, 0));
  const startup = msg(22, msg(1, msg(4, int(1, 9000), str(2, ''))), int(2, 0), int(3, 0), int(4, 0), int(5, 0), int(6, 0));
  const lifecycle = msg(12, msg(2, msg(1, str(1, 'sh'), str(1, '-c'), str(1, 'sleep 5'))), msg(1, msg(4, int(1, 3))));
  const env = Buffer.concat([
    msg(7, str(1, 'PLAIN'), str(2, 'v')),
    msg(7, str(1, 'EMPTY'), str(2, '')),
    msg(7, str(1, 'POD'), str(2, ''), msg(3, msg(1, str(1, 'v1'), str(2, 'metadata.name')))),
    msg(7, str(1, 'CPU'), str(2, ''), msg(3, msg(2, str(1, ''), str(2, 'limits.cpu'), quantity(3, '1m')))),
    msg(7, str(1, 'CM'), str(2, ''), msg(3, msg(3, msg(1, str(1, 'cfg')), str(2, 'k'), bool(3, false)))),
    msg(7, str(1, 'SEC'), str(2, ''), msg(3, msg(4, msg(1, str(1, 'sec')), str(2, 'p')))),
  ]);
  const envFrom = Buffer.concat([msg(19, str(1, 'CFG_'), msg(2, msg(1, str(1, 'cfg')))), msg(19, str(1, ''), msg(3, msg(1, str(1, 'sec')), bool(2, true)))]);
  const securityContext = msg(15, msg(1, str(1, 'NET_ADMIN'), str(2, 'ALL')), bool(2, false), int(4, 0), bool(5, true), bool(6, true), bool(7, false),
    msg(11, str(1, 'RuntimeDefault')));
  const container = msg(2,
    str(1, 'app'), str(2, 'nginx:1.27'), str(3, 'nginx'), str(4, '-g'), str(4, 'daemon off;'), str(5, ''),
    msg(6, str(1, 'http'), int(2, 0), int(3, 80), str(4, 'TCP'), str(5, '')),
    env, envFrom,
    msg(8, quantityMap(1, { cpu: '500m', memory: '128Mi' }), quantityMap(2, { cpu: '250m' })),
    msg(9, str(1, 'data'), bool(2, true), str(3, '/data'), str(4, ''), str(6, '')),
    probe, readiness, startup, lifecycle,
    str(13, '/dev/termination-log'), str(14, 'IfNotPresent'), securityContext,
    bool(16, false), bool(17, false), bool(18, false), str(20, 'File'),
  );
  const init = msg(20, str(1, 'init'), str(2, 'busybox'), msg(8), str(13, ''), str(14, ''), bool(16, false), bool(17, false), bool(18, false), str(20, ''),
    str(24, 'Always'));
  const volumes = Buffer.concat([
    msg(1, str(1, 'cfg'), msg(2, msg(19, msg(1, str(1, 'cfg')), msg(2, str(1, 'k'), str(2, 'k.txt'), int(3, 0o400)), int(3, 420), bool(4, false)))),
    msg(1, str(1, 'sec'), msg(2, msg(6, str(1, 'sec'), int(3, 0), bool(4, true)))),
    msg(1, str(1, 'tmp'), msg(2, msg(2, str(1, 'Memory'), quantity(2, '64Mi')))),
    msg(1, str(1, 'scratch'), msg(2, msg(2, str(1, '')))),
    msg(1, str(1, 'host'), msg(2, msg(1, str(1, '/var/log'), str(2, '')))),
    msg(1, str(1, 'data'), msg(2, msg(10, str(1, 'claim'), bool(2, false)))),
    msg(1, str(1, 'proj'), msg(2, msg(26,
      msg(1, msg(4, str(1, ''), int(2, 3600), str(3, 'token'))),
      msg(1, msg(3, msg(1, str(1, 'kube-root-ca.crt')), msg(2, str(1, 'ca.crt'), str(2, 'ca.crt')))),
      msg(1, msg(2, msg(1, str(1, 'namespace'), msg(2, str(1, 'v1'), str(2, 'metadata.namespace'))))),
      int(2, 420)))),
    msg(1, str(1, 'info'), msg(2, msg(16, msg(1, str(1, 'labels'), msg(2, str(1, ''), str(2, 'metadata.labels'))), int(2, 0o644)))),
  ]);
  const affinity = msg(18,
    msg(1,
      msg(1, msg(1, msg(1, str(1, 'kubernetes.io/os'), str(2, 'In'), str(3, 'linux')))),
      msg(2, int(1, 10), msg(2, msg(1, str(1, 'zone'), str(2, 'Exists'))))),
    msg(3, msg(2, int(1, 100), msg(2, msg(1, strMap(1, { app: 'web' })), str(3, 'kubernetes.io/hostname')))));
  const spec = msg(2,
    volumes, init, container,
    str(3, 'Always'), int(4, 0), str(6, 'ClusterFirst'), strMap(7, { disk: 'ssd' }), str(8, ''), str(9, ''), str(10, ''),
    bool(11, false), bool(12, false), bool(13, false),
    msg(14, int(2, 1000), bool(3, true), int(4, 3000), int(4, 4000), int(5, 2000), msg(10, str(1, 'RuntimeDefault'), str(2, ''))),
    msg(15, str(1, 'regcred')), str(16, ''), str(17, ''), affinity, str(19, ''),
    msg(22, str(1, 'node.kubernetes.io/not-ready'), str(2, 'Exists'), str(3, ''), str(4, 'NoExecute'), int(5, 300)),
    msg(22, str(1, 'dedicated'), str(2, 'Equal'), str(3, 'gpu'), str(4, 'NoSchedule')),
    str(24, ''), msg(26, str(1, '1.1.1.1'), msg(3, str(1, 'ndots'), str(2, '2'))),
    msg(33, int(1, 1), str(2, 'topology.kubernetes.io/zone'), str(3, 'DoNotSchedule'), msg(4, strMap(1, { app: 'web' })), str(8, 'pod-template-hash')),
    bool(30, false),
  );
  const status = msg(3, str(1, ''), str(3, ''), str(4, ''), str(5, ''), str(6, ''), str(9, ''), str(11, ''), str(14, ''));
  return envelope('v1', 'Pod', Buffer.concat([objectMeta(1, 'full', [strMap(11, { app: 'web' }), strMap(12, { note: '' })]), spec, status]));
}

describe('hand-encoded objects', () => {
  const pod = decodeKubeProtobuf(fullPod()) as { metadata: unknown; spec: Record<string, unknown>; status: unknown };
  const containers = pod.spec['containers'] as Array<Record<string, unknown>>;
  const app = containers[0]!;

  it('decodes metadata, dropping empty strings but keeping empty annotation values', () => {
    expect(pod.metadata).toEqual({ name: 'full', creationTimestamp: null, labels: { app: 'web' }, annotations: { note: '' } });
    expect(pod.status).toEqual({});
  });

  it('decodes the pod spec scalars, keeping zeros of pointer fields', () => {
    expect(pod.spec).toMatchObject({
      restartPolicy: 'Always', terminationGracePeriodSeconds: 0, dnsPolicy: 'ClusterFirst', nodeSelector: { disk: 'ssd' },
      imagePullSecrets: [{ name: 'regcred' }], enableServiceLinks: false,
      securityContext: { runAsUser: 1000, runAsNonRoot: true, supplementalGroups: [3000, 4000], fsGroup: 2000, seccompProfile: { type: 'RuntimeDefault' } },
      dnsConfig: { nameservers: ['1.1.1.1'], options: [{ name: 'ndots', value: '2' }] },
    });
    for (const dropped of ['serviceAccountName', 'serviceAccount', 'nodeName', 'hostNetwork', 'hostPID', 'hostIPC', 'hostname', 'subdomain', 'schedulerName', 'priorityClassName']) {
      expect(pod.spec).not.toHaveProperty(dropped);
    }
    expect(Object.keys(pod.spec).slice(0, 3)).toEqual(['volumes', 'initContainers', 'containers']);
  });

  it('decodes containers with env, envFrom, resources, mounts and security context', () => {
    expect(app).toMatchObject({
      name: 'app', image: 'nginx:1.27', command: ['nginx'], args: ['-g', 'daemon off;'],
      ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }],
      resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '250m' } },
      volumeMounts: [{ name: 'data', readOnly: true, mountPath: '/data' }],
      terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', imagePullPolicy: 'IfNotPresent',
      securityContext: {
        capabilities: { add: ['NET_ADMIN'], drop: ['ALL'] }, privileged: false, runAsUser: 0, runAsNonRoot: true,
        readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, seccompProfile: { type: 'RuntimeDefault' },
      },
    });
    expect(app['env']).toEqual([
      { name: 'PLAIN', value: 'v' },
      { name: 'EMPTY' },
      { name: 'POD', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
      { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '1m' } } },
      { name: 'CM', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'k', optional: false } } },
      { name: 'SEC', valueFrom: { secretKeyRef: { name: 'sec', key: 'p' } } },
    ]);
    expect(app['envFrom']).toEqual([{ prefix: 'CFG_', configMapRef: { name: 'cfg' } }, { secretRef: { name: 'sec', optional: true } }]);
    for (const dropped of ['workingDir', 'stdin', 'stdinOnce', 'tty']) expect(app).not.toHaveProperty(dropped);
    expect(containers).toHaveLength(1);
    expect(pod.spec['initContainers']).toEqual([{ name: 'init', image: 'busybox', resources: {}, restartPolicy: 'Always' }]);
  });

  it('decodes probes (inline handler), lifecycle hooks and IntOrString ports', () => {
    expect(app['livenessProbe']).toEqual({
      httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP', httpHeaders: [{ name: 'X-Probe', value: 'yes' }] },
      initialDelaySeconds: 5, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3, terminationGracePeriodSeconds: 0,
    });
    expect(app['readinessProbe']).toEqual({ tcpSocket: { port: 8080 } });
    expect(app['startupProbe']).toEqual({ grpc: { port: 9000, service: '' } });
    expect(app['lifecycle']).toEqual({ postStart: { sleep: { seconds: 3 } }, preStop: { exec: { command: ['sh', '-c', 'sleep 5'] } } });
  });

  it('decodes the common volume sources, merging the inline volume source into the volume', () => {
    expect(pod.spec['volumes']).toEqual([
      { name: 'cfg', configMap: { name: 'cfg', items: [{ key: 'k', path: 'k.txt', mode: 0o400 }], defaultMode: 420, optional: false } },
      { name: 'sec', secret: { secretName: 'sec', defaultMode: 0, optional: true } },
      { name: 'tmp', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
      { name: 'scratch', emptyDir: {} },
      { name: 'host', hostPath: { path: '/var/log', type: '' } },
      { name: 'data', persistentVolumeClaim: { claimName: 'claim' } },
      { name: 'proj', projected: { sources: [
        { serviceAccountToken: { expirationSeconds: 3600, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ], defaultMode: 420 } },
      { name: 'info', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }], defaultMode: 0o644 } },
    ]);
  });

  it('decodes affinity, tolerations and topology spread constraints', () => {
    expect(pod.spec['affinity']).toEqual({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }] }] },
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, preference: { matchExpressions: [{ key: 'zone', operator: 'Exists' }] } }],
      },
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' } }],
      },
    });
    expect(pod.spec['tolerations']).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' },
    ]);
    expect(pod.spec['topologySpreadConstraints']).toEqual([
      { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } }, matchLabelKeys: ['pod-template-hash'] },
    ]);
  });

  it('writes Time as RFC 3339 seconds, MicroTime with microseconds, and the zero time as null', () => {
    const event = decodeKubeProtobuf(envelope('v1', 'Event', Buffer.concat([
      objectMeta(1, 'e', [time(9, '2024-05-06T07:08:09Z', 500_000_000), int(10, 0)]),
      msg(2, str(1, 'Pod'), str(2, 'default'), str(3, 'p')),
      str(3, 'Scheduled'), str(4, ''), msg(5, str(1, 'scheduler'), str(2, '')),
      time(6, '2024-01-02T03:04:05Z'), time(7, null), int(8, 1), str(9, 'Normal'),
      time(10, '2024-01-02T03:04:05Z', 123_456_789), str(12, ''), str(14, ''), str(15, ''),
    ])));
    expect(event).toEqual({
      kind: 'Event', apiVersion: 'v1',
      metadata: { name: 'e', creationTimestamp: null, deletionTimestamp: '2024-05-06T07:08:09Z', deletionGracePeriodSeconds: 0 },
      involvedObject: { kind: 'Pod', namespace: 'default', name: 'p' },
      reason: 'Scheduled', source: { component: 'scheduler' },
      firstTimestamp: '2024-01-02T03:04:05Z', lastTimestamp: null, count: 1, type: 'Normal',
      eventTime: '2024-01-02T03:04:05.123456Z', reportingComponent: '', reportingInstance: '',
    });
  });

  it('decodes leases with MicroTimes and zero pointer values', () => {
    expect(decodeKubeProtobuf(envelope('coordination.k8s.io/v1', 'Lease', Buffer.concat([
      objectMeta(1, 'node-1'), msg(2, str(1, 'node-1'), int(2, 40), time(4, '2024-01-02T03:04:05Z', 1000), int(5, 0)),
    ])))).toEqual({
      kind: 'Lease', apiVersion: 'coordination.k8s.io/v1', metadata: { name: 'node-1', creationTimestamp: null },
      spec: { holderIdentity: 'node-1', leaseDurationSeconds: 40, renewTime: '2024-01-02T03:04:05.000001Z', leaseTransitions: 0 },
    });
  });

  it('decodes negative numbers, 64-bit numbers and packed repeated numbers', () => {
    const sc = decodeMessageNamed('PodSecurityContext', Buffer.concat([int(2, -1), int(5, 2 ** 40), bytes(4, Buffer.concat([varint(5), varint(300)]))]));
    expect(sc).toEqual({ runAsUser: -1, fsGroup: 2 ** 40, supplementalGroups: [5, 300] });
    expect(decodeMessageNamed('ContainerStateTerminated', int(1, -2))).toEqual({ exitCode: -2 });
  });

  it('decodes a PodDisruptionBudget: IntOrString bounds, and its status with a map of times and kept zero counts', () => {
    const pdb = decodeKubeProtobuf(envelope('policy/v1', 'PodDisruptionBudget', Buffer.concat([
      objectMeta(1, 'web'),
      msg(2, intOrString(3, '25%'), msg(2, strMap(1, { app: 'web' }))),
      msg(3, int(1, 2), mapEntry(2, 'web-0', int(1, Date.parse('2026-12-05T10:00:00Z') / 1000)), int(3, 0), int(4, 3), int(5, 3), int(6, 4)),
    ])));
    expect(pdb['spec']).toEqual({ maxUnavailable: '25%', selector: { matchLabels: { app: 'web' } } });
    expect(pdb['status']).toEqual({
      observedGeneration: 2, disruptedPods: { 'web-0': '2026-12-05T10:00:00Z' }, disruptionsAllowed: 0, currentHealthy: 3, desiredHealthy: 3, expectedPods: 4,
    });
  });

  it('decodes deployment strategies with IntOrString percentages and StatefulSet claim templates', () => {
    const d = decodeKubeProtobuf(envelope('apps/v1', 'Deployment', Buffer.concat([
      objectMeta(1, 'd'), msg(2, int(1, 2), msg(4, str(1, 'RollingUpdate'), msg(2, intOrString(1, '25%'), intOrString(2, 0))), int(5, 0), int(6, 0), bool(7, false)),
    ])));
    expect(d['spec']).toEqual({ replicas: 2, strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: 0 } }, revisionHistoryLimit: 0 });
    const s = decodeKubeProtobuf(envelope('apps/v1', 'StatefulSet', Buffer.concat([
      objectMeta(1, 's'),
      msg(2, int(1, 1), str(5, 'db'), msg(4, objectMeta(1, 'data'), msg(2, str(1, 'ReadWriteOnce'), msg(2, quantityMap(2, { storage: '1Gi' })), str(3, '')), msg(3, str(1, ''))),
        msg(7, str(1, 'RollingUpdate'), msg(2, int(1, 0)))),
    ])));
    expect(s['spec']).toEqual({
      replicas: 1, volumeClaimTemplates: [{ metadata: { name: 'data', creationTimestamp: null }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } }, status: {} }],
      serviceName: 'db', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
    });
  });

  it('decodes owner references, managed fields (FieldsV1) and RawExtension data', () => {
    const rev = decodeKubeProtobuf(envelope('apps/v1', 'ControllerRevision', Buffer.concat([
      objectMeta(1, 'rev', [
        msg(13, str(1, 'DaemonSet'), str(3, 'ds'), str(4, 'uid-1'), str(5, 'apps/v1'), bool(6, true), bool(7, true)),
        msg(17, str(1, 'kubectl'), str(2, 'Update'), str(3, 'apps/v1'), time(4, '2024-01-02T03:04:05Z'), str(6, 'FieldsV1'),
          msg(7, str(1, '{"f:metadata":{"f:labels":{}}}')), str(8, '')),
      ]),
      msg(2, str(1, '{"spec":{"template":{"metadata":{"labels":{"a":"b"}}}}}')),
      int(3, 1),
    ])));
    expect(rev).toEqual({
      kind: 'ControllerRevision', apiVersion: 'apps/v1',
      metadata: {
        name: 'rev', creationTimestamp: null,
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'ds', uid: 'uid-1', controller: true, blockOwnerDeletion: true }],
        managedFields: [{ manager: 'kubectl', operation: 'Update', apiVersion: 'apps/v1', time: '2024-01-02T03:04:05Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:labels': {} } } }],
      },
      data: { spec: { template: { metadata: { labels: { a: 'b' } } } } },
      revision: 1,
    });
  });

  it('decodes DeleteOptions under any group version, keeping gracePeriodSeconds: 0', () => {
    const body = envelope('apps/v1', 'DeleteOptions', Buffer.concat([int(1, 0), str(4, 'Foreground'), str(5, 'All')]));
    expect(decodeKubeProtobuf(body)).toEqual({ kind: 'DeleteOptions', apiVersion: 'apps/v1', gracePeriodSeconds: 0, propagationPolicy: 'Foreground', dryRun: ['All'] });
  });

  it('decodes Scale, keeping replicas: 0', () => {
    expect(decodeKubeProtobuf(envelope('autoscaling/v1', 'Scale', Buffer.concat([objectMeta(1, 'web'), msg(2, int(1, 0)), msg(3, int(1, 0), str(2, ''))])))).toEqual({
      kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: { name: 'web', creationTimestamp: null }, spec: { replicas: 0 }, status: { replicas: 0 },
    });
  });

  it('decodes map values that are missing as zero values', () => {
    expect(decodeMessageNamed('ConfigMap', Buffer.concat([msg(2, str(1, 'k')), mapEntry(3, 'b', Buffer.alloc(0))]))).toEqual({ data: { k: '' }, binaryData: { b: '' } });
  });
});

describe('malformed bodies', () => {
  function error(body: Buffer): string {
    try {
      decodeKubeProtobuf(body);
    } catch (e) {
      expect(e).toBeInstanceOf(ProtobufDecodeError);
      return (e as Error).message;
    }
    throw new Error('expected a ProtobufDecodeError');
  }

  it('refuses a field number the table does not know, naming message and field', () => {
    expect(error(envelope('v1', 'Pod', Buffer.concat([objectMeta(1, 'p'), msg(2, msg(2, str(1, 'c'), str(99, 'x')))])))).toBe('unknown field number 99 in message Container');
    expect(error(envelope('v1', 'Namespace', str(7, 'x')))).toBe('unknown field number 7 in message Namespace');
  });

  it('refuses bodies without the magic, with unknown kinds or encodings, or truncated', () => {
    expect(error(Buffer.from('{"kind":"Pod"}'))).toMatch(/magic/);
    expect(error(envelope('batch/v1', 'Job', Buffer.alloc(0)))).toBe('no kind "Job" is registered for version "batch/v1"');
    expect(error(Buffer.concat([Buffer.from('k8s\0', 'latin1'), msg(1, str(1, 'v1'), str(2, 'Pod')), str(3, 'gzip')]))).toMatch(/content encoding "gzip"/);
    expect(error(Buffer.concat([Buffer.from('k8s\0', 'latin1'), msg(1, str(1, 'v1'))]))).toMatch(/Kind/);
    const whole = captured('deploy3');
    expect(error(whole.subarray(0, whole.length - 5))).toMatch(/exceeds|truncated/);
  });

  it('refuses a field sent with the wrong wire type', () => {
    expect(error(envelope('apps/v1', 'Deployment', msg(2, str(1, 'three'))))).toMatch(/DeploymentSpec\.replicas: expected a varint/);
    expect(error(envelope('v1', 'Namespace', int(1, 5)))).toMatch(/Namespace\.metadata: expected a length-delimited field/);
  });
});
