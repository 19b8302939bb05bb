/**
 * `npm start`. Until the GraphQL gateway exists (issue #3) this starts the embedded demo fleet,
 * the simulated clusters the gateway will serve by default, writes their kubeconfig to
 * `.fleetgraph/demo-kubeconfig` and serves them until SIGINT/SIGTERM.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { SimFleet } from '../sim/index.ts';

const args = process.argv.slice(2);
if (args.length > 0) {
  process.stderr.write(`fleetgraph: the GraphQL gateway is not built yet (issue #3), so ${args.join(' ')} is not understood.\n` +
    'npm start with no arguments serves the demo fleet; npm run sim -- --help starts other simulated fleets.\n');
  process.exit(2);
}

const dir = resolve('.fleetgraph');
await mkdir(dir, { recursive: true });
const kubeconfig = resolve(dir, 'demo-kubeconfig');
const fleet = await SimFleet.start({ demo: true });
fleet.startActivity();
await fleet.writeKubeconfig(kubeconfig);
process.stdout.write('fleetgraph demo fleet (simulated clusters; the GraphQL gateway arrives with issue #3)\n');
for (const c of fleet.clusters) {
  const labels = Object.entries(c.labels).map(([k, v]) => `${k}=${v}`).join(',');
  process.stdout.write(`  ${c.name.padEnd(12)} ${c.url}  ${labels}  nodes=${c.store.count('/nodes')} pods=${c.store.count('/pods')}\n`);
}
process.stdout.write(`kubeconfig: ${kubeconfig}\ntry: kubectl --kubeconfig ${kubeconfig} --context prod-eu get pods -A\n`);

const stop = async (signal: string) => {
  process.stdout.write(`${signal}: stopping the demo fleet\n`);
  await fleet.stop();
  process.exit(0);
};
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));
