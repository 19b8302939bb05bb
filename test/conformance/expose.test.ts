/**
 * `kubectl expose`: a Service made from a deployment's selector, its cluster IP and node ports,
 * the Endpoints that follow the ready pods, and a LoadBalancer's external IP appearing.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { kubectlAvailable } from '../support/kubectl.ts';
import { Conformance, deploymentYaml, eventually, rows, type KubeObject, type Pod } from './harness.ts';

const run = kubectlAvailable();

interface Endpoints extends KubeObject {
  subsets?: { addresses?: { ip: string; nodeName?: string; targetRef?: { kind: string; name: string } }[]; notReadyAddresses?: { ip: string }[]; ports?: { port: number; protocol: string }[] }[];
}

function endpointIPs(ep: Endpoints): string[] {
  return (ep.subsets ?? []).flatMap((s) => (s.addresses ?? []).map((a) => a.ip)).sort();
}

describe.skipIf(!run)('kubectl expose', () => {
  let k: Conformance;
  let pods: Pod[];

  beforeAll(async () => {
    k = await Conformance.start();
    await k.ok(['apply', '-f', '-'], deploymentYaml('web', { replicas: 3, port: 8080 }));
    pods = await k.runningPods('app=web', 3);
  });

  afterAll(async () => {
    await k?.stop();
  });

  test('expose deploy makes a ClusterIP service whose endpoints are the ready pod IPs on the target port', async () => {
    const r = await k.run(['expose', 'deploy', 'web', '--port', '80', '--target-port', '8080']);
    expect(r).toMatchObject({ code: 0, stdout: 'service/web exposed\n', stderr: '' });

    const svc = await k.json<KubeObject>(['get', 'service', 'web']);
    expect(svc.spec).toMatchObject({ type: 'ClusterIP', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] });
    const clusterIP = svc.spec?.['clusterIP'] as string;
    expect(clusterIP).toMatch(/^10\.96\.\d+\.\d+$/);
    const table = rows(await k.ok(['get', 'service', 'web']));
    expect(table[0]).toMatchObject({ NAME: 'web', TYPE: 'ClusterIP', 'CLUSTER-IP': clusterIP, 'EXTERNAL-IP': '<none>', 'PORT(S)': '80/TCP' });

    const podIPs = pods.map((p) => p.status.podIP!).sort();
    const ep = await eventually(async () => {
      const e = await k.json<Endpoints>(['get', 'endpoints', 'web']);
      return endpointIPs(e).length === 3 ? e : undefined;
    });
    expect(endpointIPs(ep)).toEqual(podIPs);
    expect(ep.subsets?.[0]?.ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
    expect(ep.subsets?.[0]?.addresses?.every((a) => a.targetRef?.kind === 'Pod')).toBe(true);
    const epTable = rows(await k.ok(['get', 'endpoints', 'web']));
    expect(epTable[0]!['ENDPOINTS']!.split(',').sort()).toEqual(podIPs.map((ip) => `${ip}:8080`).sort());

    // kubectl describe reads the EndpointSlices the endpointslice controller keeps for the service.
    const slices = rows(await k.ok(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=web']));
    expect(slices).toHaveLength(1);
    expect(slices[0]).toMatchObject({ ADDRESSTYPE: 'IPv4', PORTS: '8080' });
    expect(slices[0]!['NAME']).toMatch(/^web-[a-z0-9]{5}$/);
    expect(slices[0]!['ENDPOINTS']!.split(',').sort()).toEqual(podIPs);
    const described = await k.ok(['describe', 'service', 'web']);
    expect(described).toMatch(/^Type:\s+ClusterIP$/m);
    expect(described).toMatch(/^TargetPort:\s+8080\/TCP$/m);
    expect(described).toMatch(/^Endpoints:\s+\S+:8080/m);
  });

  test('the endpoints follow the deployment when it scales', async () => {
    await k.ok(['scale', 'deployment', 'web', '--replicas=4']);
    const scaled = await k.runningPods('app=web', 4);
    await eventually(async () => {
      const ips = endpointIPs(await k.json<Endpoints>(['get', 'endpoints', 'web']));
      return JSON.stringify(ips) === JSON.stringify(scaled.map((p) => p.status.podIP!).sort());
    });
    await k.ok(['scale', 'deployment', 'web', '--replicas=3']);
    const back = await k.runningPods('app=web', 3);
    await eventually(async () => {
      const ips = endpointIPs(await k.json<Endpoints>(['get', 'endpoints', 'web']));
      return JSON.stringify(ips) === JSON.stringify(back.map((p) => p.status.podIP!).sort());
    });
  });

  test('expose --type LoadBalancer shows EXTERNAL-IP <pending> until the load balancer has an IP', async () => {
    // A watch sees the whole story, including the <pending> that a quick provisioner hides from a later get.
    const cluster = k.fleet.cluster(k.context);
    const watch = k.kubectl.spawn(k.context, ['get', 'services', '-w', '--field-selector', 'metadata.name=web-lb']);
    try {
      await eventually(() => cluster.openWatchCount > 0, 10_000);
      const r = await k.run(['expose', 'deploy', 'web', '--name', 'web-lb', '--port', '80', '--target-port', '8080', '--type', 'LoadBalancer']);
      expect(r).toMatchObject({ code: 0, stdout: 'service/web-lb exposed\n' });
      const out = await eventually(() => {
        const text = watch.output();
        return /^web-lb\s+LoadBalancer\s+\S+\s+\d+\.\d+\.\d+\.\d+\s+80:\d+\/TCP/m.test(text) ? text : undefined;
      }, 10_000);
      expect(out).toMatch(/^web-lb\s+LoadBalancer\s+10\.96\.\d+\.\d+\s+<pending>\s+80:3\d{4}\/TCP/m);
    } finally {
      watch.stop();
    }
    const svc = await k.json<KubeObject>(['get', 'service', 'web-lb']);
    const ingress = (svc.status?.['loadBalancer'] as { ingress?: { ip: string }[] }).ingress ?? [];
    expect(ingress).toHaveLength(1);
    const table = rows(await k.ok(['get', 'service', 'web-lb']));
    expect(table[0]!['EXTERNAL-IP']).toBe(ingress[0]!.ip);
    const nodePort = (svc.spec?.['ports'] as { nodePort: number }[])[0]!.nodePort;
    expect(nodePort).toBeGreaterThanOrEqual(30000);
    expect(nodePort).toBeLessThanOrEqual(32767);
    expect(table[0]!['PORT(S)']).toBe(`80:${nodePort}/TCP`);
  });

  test('expose of something without a selector explains why it cannot', async () => {
    await k.ok(['create', 'configmap', 'plain', '--from-literal=a=b']);
    const r = await k.run(['expose', 'configmap', 'plain', '--port', '80']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot expose a ConfigMap');
  });
});
