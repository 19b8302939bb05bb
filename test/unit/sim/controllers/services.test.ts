import { afterEach, describe, expect, it } from 'vitest';
import { R } from '../../../../src/sim/resources.ts';
import type { Deployment, KObject, Service } from '../../../../src/sim/types.ts';
import { deploymentBody, startTestCluster, type TestCluster } from './harness.ts';

let cluster: TestCluster | undefined;
afterEach(() => cluster?.stop());

interface Subset { addresses?: { ip: string; nodeName?: string; targetRef: { name: string } }[]; notReadyAddresses?: { ip: string }[]; ports?: { name?: string; port: number; protocol: string }[] }
const endpoints = (c: TestCluster, name: string): (KObject & { subsets?: Subset[] }) | undefined => c.registry.get(R.endpoints, 'default', name);

describe('service and endpoints controllers', () => {
  it('gives a LoadBalancer service an ingress IP after loadBalancerMs, with EnsuringLoadBalancer and EnsuredLoadBalancer events', async () => {
    const c = (cluster = await startTestCluster({ timings: { loadBalancerMs: 2000 } }));
    c.registry.create(R.services, { metadata: { name: 'shop', namespace: 'default' }, spec: { type: 'LoadBalancer', selector: { app: 'shop' }, ports: [{ port: 80 }] } });
    await c.settle();
    expect(c.registry.get<Service>(R.services, 'default', 'shop')?.status?.loadBalancer?.ingress).toBeUndefined();
    expect(c.events((e) => e.reason === 'EnsuringLoadBalancer')).toHaveLength(1);
    await c.advance(2000);
    const ingress = c.registry.get<Service>(R.services, 'default', 'shop')?.status?.loadBalancer?.ingress;
    expect(ingress).toEqual([{ ip: expect.stringMatching(/^172\.18\.\d+\.1$/), ipMode: 'VIP' }]);
    expect(c.events((e) => e.reason === 'EnsuredLoadBalancer')[0]).toMatchObject({ message: 'Ensured load balancer', source: { component: 'service-controller' } });

    c.registry.create(R.services, { metadata: { name: 'api', namespace: 'default' }, spec: { type: 'LoadBalancer', selector: { app: 'api' }, ports: [{ port: 443 }] } });
    await c.advance(2000);
    expect(c.registry.get<Service>(R.services, 'default', 'api')?.status?.loadBalancer?.ingress?.[0]?.ip).toMatch(/^172\.18\.\d+\.2$/);
  });

  it('keeps Endpoints listing the ready pods of a service, not-ready ones apart, with named target ports resolved', async () => {
    const c = (cluster = await startTestCluster());
    c.registry.create(R.services, { metadata: { name: 'web', namespace: 'default', labels: { tier: 'front' } }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 8080, targetPort: 'http' }] } });
    c.registry.create(R.deployments, deploymentBody('web', { replicas: 3 }));
    await c.settle();
    // Pods have their IPs (the sandbox comes first) but are not ready yet.
    let ep = endpoints(c, 'web');
    expect(ep?.metadata.labels).toEqual({ tier: 'front' });
    expect(ep?.subsets?.[0]?.addresses).toBeUndefined();
    expect(ep?.subsets?.[0]?.notReadyAddresses).toHaveLength(3);

    await c.advance(2000);
    ep = endpoints(c, 'web');
    const pods = c.pods('default');
    expect(ep?.subsets).toHaveLength(1);
    expect(ep?.subsets?.[0]?.ports).toEqual([{ name: 'http', port: 80, protocol: 'TCP' }]);
    expect(ep?.subsets?.[0]?.addresses?.map((a) => a.ip).sort()).toEqual(pods.map((p) => p.status!.podIP!).sort());
    expect(ep?.subsets?.[0]?.addresses?.every((a) => a.nodeName && a.targetRef.name.startsWith('web-'))).toBe(true);
    expect(ep?.subsets?.[0]?.notReadyAddresses).toBeUndefined();

    // A new pod shows up as not ready first, then ready.
    c.registry.mutate<Deployment>(R.deployments, 'default', 'web', (d) => { d.spec.replicas = 4; });
    await c.advance(500);
    ep = endpoints(c, 'web');
    expect(ep?.subsets?.[0]?.addresses).toHaveLength(3);
    expect(ep?.subsets?.[0]?.notReadyAddresses).toHaveLength(1);
    await c.advance(1500);
    expect(endpoints(c, 'web')?.subsets?.[0]?.addresses).toHaveLength(4);

    // A deleted pod leaves at once.
    const gone = c.pods('default')[0]!;
    c.registry.delete(R.pods, 'default', gone.metadata.name);
    await c.settle();
    expect(endpoints(c, 'web')?.subsets?.[0]?.addresses?.map((a) => a.ip)).not.toContain(gone.status!.podIP);

    c.registry.delete(R.services, 'default', 'web');
    await c.settle();
    expect(endpoints(c, 'web')).toBeUndefined();
  });

  it('leaves services without a selector alone', async () => {
    const c = (cluster = await startTestCluster());
    c.registry.create(R.services, { metadata: { name: 'external', namespace: 'default' }, spec: { ports: [{ port: 5432 }] } });
    await c.advance(1000);
    expect(endpoints(c, 'external')).toBeUndefined();
    const k = endpoints(c, 'kubernetes') as (KObject & { subsets?: Subset[] }) | undefined;
    expect(k?.subsets?.[0]?.ports?.[0]?.port).toBe(6443);
  });
});
