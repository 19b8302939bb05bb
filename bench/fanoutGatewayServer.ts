/**
 * Contender (c), the server side: the gateway in a process of its own, started from the fleet's
 * kubeconfig, serving until the orchestrator says stop. Reports its own count of upstream
 * requests on demand (a cross-check of the simulator's request logs).
 *
 * The gateway module is imported by path at run time, so this benchmark type-checks and runs
 * its other contenders while the gateway is still being written.
 *
 *   node --import tsx bench/fanoutGatewayServer.ts CONFIG_JSON   (forked by bench/fanout.ts)
 */
import { GATEWAY_MODULE } from './fanoutGateway.ts';
import { cpuMs, type GatewayControlMessage, type GatewayServerMessage } from './fanoutTypes.ts';

/** The part of src/server/startGateway.ts this benchmark relies on. */
interface Gateway {
  url: string;
  upstream: { count(filter?: { cluster?: string; resource?: string; verb?: string }): number };
  stop(): Promise<void>;
}
type StartGateway = (options: { kubeconfigPath: string; port?: number; host?: string; logLevel?: string; rateLimits?: { operationsPerMinute: number; costPerMinute: number } }) => Promise<Gateway>;

const RESOURCES = ['nodes', 'deployments', 'statefulsets', 'daemonsets', 'replicasets', 'pods', 'events'];

function send(message: GatewayServerMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const { kubeconfig } = JSON.parse(process.argv[2] ?? '{}') as { kubeconfig?: string };
  if (!kubeconfig) throw new Error('fan-out gateway server: expected {"kubeconfig": FILE} in argv[2]');
  const mod = (await import(GATEWAY_MODULE)) as { startGatewayFromKubeconfig?: StartGateway };
  if (typeof mod.startGatewayFromKubeconfig !== 'function') throw new Error(`${GATEWAY_MODULE} exports no startGatewayFromKubeconfig`);
  // All load comes from one address: the per-caller rate limits (on by default) are off here.
  const gateway = await mod.startGatewayFromKubeconfig({ kubeconfigPath: kubeconfig, port: 0, host: '127.0.0.1', logLevel: 'silent', rateLimits: { operationsPerMinute: 0, costPerMinute: 0 } });
  process.on('message', (m: GatewayControlMessage) => {
    if (m.type === 'upstream') {
      send({ type: 'upstream', cpuMs: cpuMs(), count: gateway.upstream.count(), byResource: Object.fromEntries(RESOURCES.map((r) => [r, gateway.upstream.count({ resource: r })])) });
    } else if (m.type === 'stop') {
      void gateway.stop().finally(() => process.exit(0));
    }
  });
  send({ type: 'listening', url: gateway.url });
}

main().catch((e: unknown) => {
  send({ type: 'error', message: e instanceof Error ? e.stack ?? e.message : String(e) });
  process.exit(1);
});
