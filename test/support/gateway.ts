/**
 * A simulated fleet with a gateway in front of it, for integration tests: the gateway reads the
 * fleet's kubeconfig like any user's and reaches the clusters over real HTTPS through
 * @kubernetes/client-node's credentials. `query` posts GraphQL over real HTTP.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimFleet, type FleetOptions } from '../../src/sim/index.ts';
import { startGatewayFromKubeconfig, type FromKubeconfigOptions, type Gateway } from '../../src/server/startGateway.ts';
import { stopFleet } from './stopFleet.ts';

export interface GraphqlAnswer<D = Record<string, unknown>> {
  status: number;
  data: D | null | undefined;
  errors: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }> | undefined;
}

export interface FleetGateway {
  sim: SimFleet;
  gateway: Gateway;
  kubeconfigPath: string;
  dir: string;
  query<D = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<GraphqlAnswer<D>>;
  stop(): Promise<void>;
}

export async function postGraphql<D>(url: string, query: string, variables?: Record<string, unknown>): Promise<GraphqlAnswer<D>> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: D | null; errors?: GraphqlAnswer<D>['errors'] };
  return { status: res.status, data: body.data, errors: body.errors };
}

export async function startFleetGateway(options: {
  sim?: FleetOptions;
  gateway?: Partial<FromKubeconfigOptions>;
  /** Fleet file YAML, written beside the kubeconfig. */
  fleetFile?: string;
}): Promise<FleetGateway> {
  const sim = await SimFleet.start(options.sim ?? {});
  const dir = await mkdtemp(join(tmpdir(), 'fleetgraph-test-'));
  try {
    const kubeconfigPath = join(dir, 'kubeconfig');
    await sim.writeKubeconfig(kubeconfigPath);
    let fleetFile: string | undefined;
    if (options.fleetFile !== undefined) {
      fleetFile = join(dir, 'fleet.yaml');
      await writeFile(fleetFile, options.fleetFile);
    }
    const gateway = await startGatewayFromKubeconfig({ kubeconfigPath, fleetFile, port: 0, logLevel: 'silent', ...options.gateway });
    return {
      sim, gateway, kubeconfigPath, dir,
      query: (q, v) => postGraphql(gateway.url, q, v),
      async stop() {
        await gateway.stop();
        await stopFleet(sim);
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await sim.stop();
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}
