/**
 * The simulator's public surface: what tests, benchmarks and `npm start` may use. Everything
 * else under src/sim is internal. The simulator shares no code with the gateway.
 */
export { SimFleet, type FleetOptions } from './SimFleet.ts';
export { SimCluster, type SimClusterOptions, type SimUser } from './cluster/SimCluster.ts';
export type { FaultSettings, ErrorCode } from './cluster/Faults.ts';
export type { RequestLog, RequestRecord, RequestFilter } from './cluster/RequestLog.ts';
export { ManualClock, RealClock, type SimClock } from './clock.ts';
export { kubeconfigYaml, writeKubeconfig } from './kubeconfig.ts';
export type { ClusterTimings } from './controllers/ControllerManager.ts';
