/**
 * The list and map strategies of the built-in kinds: what kube's Go types declare with the
 * `patchStrategy`/`patchMergeKey` struct tags (read by strategic merge patch) and with the
 * `+listType`/`+listMapKey`/`+structType` markers (read by server-side apply). A real apiserver
 * derives both from its OpenAPI schema; the simulator has no schema, so the fields that matter
 * are listed here and everything else is a plain map or an atomic list.
 *
 * Paths are field names from the object root with list items elided:
 * `['spec', 'template', 'spec', 'containers', 'ports']`.
 */

export type ListStrategy =
  | {
      kind: 'map';
      /** listMapKey: the fields that identify an item for server-side apply. */
      keys: string[];
      /** What strategic merge patch does with the list. */
      patchStrategy: 'merge' | 'retainKeys' | 'replace';
      /** patchMergeKey: the field strategic merge patch matches items by. */
      mergeKey?: string;
      /** Key fields the schema defaults (a container port's protocol), used when an item omits them. */
      keyDefaults?: Readonly<Record<string, string | number>>;
    }
  | { kind: 'set'; patchStrategy: 'merge' | 'replace' }
  | { kind: 'atomic' };

type Table = Record<string, ListStrategy>;

const ATOMIC: ListStrategy = { kind: 'atomic' };
const MERGED_SET: ListStrategy = { kind: 'set', patchStrategy: 'merge' };

function mergedMap(mergeKey: string, keys: string[] = [mergeKey], keyDefaults?: Record<string, string | number>): ListStrategy {
  return keyDefaults ? { kind: 'map', keys, patchStrategy: 'merge', mergeKey, keyDefaults } : { kind: 'map', keys, patchStrategy: 'merge', mergeKey };
}
/** listType=map without a patch strategy: SSA merges by key, strategic merge patch replaces. */
function plainMap(keys: string[]): ListStrategy {
  return { kind: 'map', keys, patchStrategy: 'replace' };
}

const BY_NAME = mergedMap('name');
const BY_TYPE = mergedMap('type');
const BY_IP = mergedMap('ip');

/** ObjectMeta, wherever it appears (the object's own metadata and pod template metadata). */
const OBJECT_META: Table = {
  finalizers: MERGED_SET,
  ownerReferences: mergedMap('uid'),
  managedFields: ATOMIC,
};

const CONTAINER: Table = {
  ports: mergedMap('containerPort', ['containerPort', 'protocol'], { protocol: 'TCP' }),
  env: BY_NAME,
  envFrom: ATOMIC,
  volumeMounts: mergedMap('mountPath'),
  volumeDevices: mergedMap('devicePath'),
  'resources.claims': plainMap(['name']),
};

const POD_SPEC: Table = {
  ...prefixed('containers', CONTAINER),
  ...prefixed('initContainers', CONTAINER),
  ...prefixed('ephemeralContainers', CONTAINER),
  containers: BY_NAME,
  initContainers: BY_NAME,
  ephemeralContainers: BY_NAME,
  volumes: BY_NAME,
  imagePullSecrets: BY_NAME,
  tolerations: ATOMIC,
  hostAliases: BY_IP,
  topologySpreadConstraints: mergedMap('topologyKey', ['topologyKey', 'whenUnsatisfiable']),
  schedulingGates: BY_NAME,
  resourceClaims: BY_NAME,
};

const POD_STATUS: Table = {
  conditions: BY_TYPE,
  podIPs: BY_IP,
  hostIPs: BY_IP,
  containerStatuses: ATOMIC,
  initContainerStatuses: ATOMIC,
  ephemeralContainerStatuses: ATOMIC,
  resourceClaimStatuses: BY_NAME,
};

/** Where each kind keeps its pod spec (and so its pod template metadata). */
const POD_SPEC_ROOTS: Record<string, string> = {
  '/Pod': 'spec',
  '/PodTemplate': 'template.spec',
  '/ReplicationController': 'spec.template.spec',
  'apps/Deployment': 'spec.template.spec',
  'apps/ReplicaSet': 'spec.template.spec',
  'apps/StatefulSet': 'spec.template.spec',
  'apps/DaemonSet': 'spec.template.spec',
  'batch/Job': 'spec.template.spec',
  'batch/CronJob': 'spec.jobTemplate.spec.template.spec',
};

const KIND_LISTS: Record<string, Table> = {
  '/Pod': prefixed('status', POD_STATUS),
  '/Service': {
    'spec.ports': mergedMap('port', ['port', 'protocol'], { protocol: 'TCP' }),
    'status.conditions': BY_TYPE,
  },
  '/Node': {
    'spec.podCIDRs': MERGED_SET,
    'spec.taints': ATOMIC,
    'status.conditions': BY_TYPE,
    'status.addresses': BY_TYPE,
  },
  '/Namespace': { 'status.conditions': BY_TYPE },
  '/ServiceAccount': { secrets: BY_NAME },
  '/Endpoints': { subsets: ATOMIC },
  '/ReplicationController': { 'status.conditions': BY_TYPE },
  'batch/Job': { 'status.conditions': BY_TYPE },
  'apps/Deployment': { 'status.conditions': BY_TYPE },
  'apps/ReplicaSet': { 'status.conditions': BY_TYPE },
  'apps/StatefulSet': { 'status.conditions': BY_TYPE, 'spec.volumeClaimTemplates': ATOMIC },
  'apps/DaemonSet': { 'status.conditions': BY_TYPE },
};

/** Maps with `$retainKeys` semantics (patchStrategy:"retainKeys" on a struct, or on a list's items). */
const RETAIN_KEYS_MAPS: Record<string, readonly string[]> = {
  'apps/Deployment': ['spec.strategy'],
};
const POD_SPEC_RETAIN_KEYS = ['volumes', 'resourceClaims'];

/** `+structType=atomic` / `+mapType=atomic` maps: server-side apply owns and replaces them as one value. */
const ATOMIC_MAPS: Record<string, readonly string[]> = {
  'apps/Deployment': ['spec.selector'],
  'apps/ReplicaSet': ['spec.selector'],
  'apps/StatefulSet': ['spec.selector'],
  'apps/DaemonSet': ['spec.selector'],
  'batch/Job': ['spec.selector'],
  '/ReplicationController': ['spec.selector'],
  '/Service': ['spec.selector'],
  '/Event': ['involvedObject'],
};
const POD_SPEC_ATOMIC_MAPS = ['nodeSelector'];

function prefixed(prefix: string, table: Table): Table {
  const out: Table = {};
  for (const [path, strategy] of Object.entries(table)) out[`${prefix}.${path}`] = strategy;
  return out;
}

interface KindMeta {
  lists: Map<string, ListStrategy>;
  retainKeys: Set<string>;
  atomicMaps: Set<string>;
}

const cache = new Map<string, KindMeta>();

function kindKey(apiVersion: string, kind: string): string {
  const slash = apiVersion.indexOf('/');
  return `${slash < 0 ? '' : apiVersion.slice(0, slash)}/${kind}`;
}

function metaFor(apiVersion: string, kind: string): KindMeta {
  const key = kindKey(apiVersion, kind);
  let meta = cache.get(key);
  if (meta) return meta;
  const lists = new Map<string, ListStrategy>();
  const add = (table: Table) => { for (const [p, s] of Object.entries(table)) lists.set(p, s); };
  add(prefixed('metadata', OBJECT_META));
  const retainKeys = new Set(RETAIN_KEYS_MAPS[key] ?? []);
  const atomicMaps = new Set(ATOMIC_MAPS[key] ?? []);
  atomicMaps.add('metadata.ownerReferences');
  const podSpecRoot = POD_SPEC_ROOTS[key];
  if (podSpecRoot) {
    add(prefixed(podSpecRoot, POD_SPEC));
    for (const p of POD_SPEC_RETAIN_KEYS) retainKeys.add(`${podSpecRoot}.${p}`);
    for (const p of POD_SPEC_ATOMIC_MAPS) atomicMaps.add(`${podSpecRoot}.${p}`);
    const templateRoot = podSpecRoot.slice(0, -'.spec'.length);
    if (templateRoot) add(prefixed(`${templateRoot}.metadata`, OBJECT_META));
  }
  add(KIND_LISTS[key] ?? {});
  meta = { lists, retainKeys, atomicMaps };
  cache.set(key, meta);
  return meta;
}

export function listStrategyAt(apiVersion: string, kind: string, path: readonly string[]): ListStrategy {
  return metaFor(apiVersion, kind).lists.get(path.join('.')) ?? ATOMIC;
}

/** 'retainKeys' where a strategic merge patch may carry `$retainKeys` for the map at `path`. */
export function mapStrategyAt(apiVersion: string, kind: string, path: readonly string[]): 'retainKeys' | undefined {
  return metaFor(apiVersion, kind).retainKeys.has(path.join('.')) ? 'retainKeys' : undefined;
}

/** Whether server-side apply treats the map at `path` (list items elided) as one atomic value. */
export function isAtomicMapAt(apiVersion: string, kind: string, path: readonly string[]): boolean {
  return metaFor(apiVersion, kind).atomicMaps.has(path.join('.'));
}

/**
 * Paths that the Go zero value of a kind already holds (non-pointer structs, fields without
 * omitempty). kube-apiserver compares a create against that zero value, so these maps and
 * lists never show up as "added" themselves (no `.` entry in the creator's managedFields).
 */
export function zeroValuePathsOf(apiVersion: string, kind: string): readonly string[] {
  const key = kindKey(apiVersion, kind);
  const paths = ['metadata', 'spec', 'status'];
  const podSpecRoot = POD_SPEC_ROOTS[key];
  if (podSpecRoot) {
    const parts = podSpecRoot.split('.');
    for (let i = 1; i <= parts.length; i++) paths.push(parts.slice(0, i).join('.'));
    paths.push(`${podSpecRoot}.containers`);
    const templateRoot = podSpecRoot.slice(0, -'.spec'.length);
    if (templateRoot) paths.push(`${templateRoot}.metadata`);
  }
  if (ATOMIC_MAPS[key]?.includes('spec.selector') && key !== '/Service') paths.push('spec.selector');
  if (key === 'apps/Deployment') paths.push('spec.strategy');
  if (key === 'apps/StatefulSet' || key === 'apps/DaemonSet') paths.push('spec.updateStrategy');
  return [...new Set(paths)];
}
