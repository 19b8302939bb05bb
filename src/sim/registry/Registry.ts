/**
 * The write path of a simulated cluster, shared by the HTTP API and the cluster's own
 * controllers: what kube-apiserver's generic registry and per-kind strategies do between a
 * request and etcd. Create, update, patch (JSON, merge, strategic merge, server-side apply) and
 * delete go through defaulting, validation, generation and managedFields bookkeeping, dry-run,
 * optimistic concurrency and the deletion rules (graceful pod deletion, finalizers,
 * propagation policies), and refuse with the same ApiErrors the real server sends.
 */
import { ApiError, errors } from '../api/ApiError.ts';
import { applyDefaults } from '../api/defaults.ts';
import { formatLabelSelector } from '../api/labelSelector.ts';
import { formatFieldError, invalidMessage, validateObject } from '../api/validation.ts';
import type { SimClock } from '../clock.ts';
import { applyJsonPatch } from '../patch/jsonPatch.ts';
import { applyMergePatch } from '../patch/mergePatch.ts';
import { PatchError } from '../patch/PatchError.ts';
import { ApplyConflictError, recordUpdate, serverSideApply } from '../patch/serverSideApply.ts';
import { applyStrategicMergePatch } from '../patch/strategicMergePatch.ts';
import { R, groupVersion, storeKey, type ResourceType } from '../resources.ts';
import { ObjectStore, StoreError, StoredObject } from '../store/ObjectStore.ts';
import { cloneObject, type JsonObject, type KObject, type KObjectInput, type LabelSelector, type Pod } from '../types.ts';
import { allocateServiceNetwork } from './serviceNetwork.ts';
import type { SeededRandom } from './SeededRandom.ts';
import { stableEqual } from './stableEqual.ts';

/** Sees the object a create or update is about to validate and store (`old` undefined on create); throws to refuse it. */
export type WriteGuard = (next: KObject, old: KObject | undefined) => void;
export interface WriteOptions {
  /** Run every check and return the result without storing it (`dryRun=All`). */
  dryRun?: boolean;
  /** Owner of the written fields in managedFields. @default 'unknown' */
  fieldManager?: string;
  /**
   * A check of the requester's right to write this object, run before validation as kube's
   * policy-based storages run theirs (RBAC escalation prevention, ../auth/preventEscalation.ts).
   */
  guard?: WriteGuard;
}
export interface UpdateOptions extends WriteOptions {
  /** 'binding' is internal: the pods/binding write that sets spec.nodeName and PodScheduled together. */
  subresource?: 'status' | 'scale' | 'binding';
}
export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';
export interface PatchOptions extends UpdateOptions {
  /** Server-side apply: take ownership of conflicting fields instead of failing with 409. */
  force?: boolean;
  /**
   * Sees the patched object before it is validated and stored (not for `scale`); may prune it
   * in place or throw to refuse the patch, so nothing is written.
   */
  inspect?: (patched: KObject) => void;
}
export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';
export interface DeleteOptions {
  dryRun?: boolean;
  propagationPolicy?: PropagationPolicy;
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
}
/** `deleted` false: the object still exists, now marked for deletion (graceful, finalizers). */
export interface DeleteResult {
  deleted: boolean;
  object: KObject;
}

/** Kinds whose metadata.generation counts spec changes. */
const GENERATION_GROUPS = new Set(['apps', 'discovery.k8s.io', 'policy']);

function isStoreError(e: unknown, reason: StoreError['reason']): boolean {
  return e instanceof StoreError && e.reason === reason;
}

/** The part of an object that counts as its spec for metadata.generation: all but metadata and status. */
function specOf(o: KObject): Record<string, unknown> {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = o;
  return rest;
}

function podQosClass(pod: Pod): string {
  let anySet = false;
  let guaranteed = true;
  for (const c of pod.spec.containers ?? []) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) anySet = true;
    for (const r of ['cpu', 'memory']) {
      const l = lim[r];
      if (l === undefined || (req[r] !== undefined && req[r] !== l)) guaranteed = false;
    }
  }
  if (!anySet) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export class Registry {
  constructor(
    readonly store: ObjectStore,
    readonly clock: SimClock,
    readonly random: SeededRandom,
  ) {}

  get<T extends KObject = KObject>(type: ResourceType, namespace: string, name: string): T | undefined {
    return this.store.get(storeKey(type), namespace, name)?.object as T | undefined;
  }

  list<T extends KObject = KObject>(type: ResourceType, namespace?: string): T[] {
    return this.store.list(storeKey(type), namespace).map((s) => s.object as T);
  }

  getStored(type: ResourceType, namespace: string, name: string): StoredObject | undefined {
    return this.store.get(storeKey(type), namespace, name);
  }

  create<T extends KObject = KObject>(type: ResourceType, input: KObjectInput, options: WriteOptions = {}): T {
    return this.createWith(type, input, options, undefined) as T;
  }

  /** Create; `appliedFields` (server-side apply) replaces the Update entry a create records. */
  private createWith(type: ResourceType, input: KObjectInput, options: WriteOptions, appliedFields: KObject['metadata']['managedFields']): KObject {
    const obj = cloneObject(input) as KObject;
    obj.apiVersion = groupVersion(type);
    obj.kind = type.kind;
    const meta = (obj.metadata ??= {} as KObject['metadata']);
    if (type.namespaced) {
      if (!meta.namespace) throw errors.badRequest('an empty namespace may not be set during creation');
      this.checkNamespaceOpen(meta.namespace);
    } else {
      delete meta.namespace;
    }
    options.guard?.(obj, undefined);
    if (!meta.name && meta.generateName) meta.name = meta.generateName + this.random.suffix(5);
    applyDefaults(type, obj);
    this.prepareForCreate(type, obj);
    this.validate(type, obj, undefined);
    meta.uid = this.random.uuid();
    meta.creationTimestamp = this.clock.timestamp();
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    if (GENERATION_GROUPS.has(type.group)) meta.generation = 1;
    else delete meta.generation;
    const withFields = appliedFields
      ? { ...obj, metadata: { ...meta, managedFields: appliedFields.map((e) => ({ ...e, time: this.clock.timestamp() })) } }
      : recordUpdate({ old: undefined, updated: { ...obj, metadata: { ...meta, managedFields: [] } }, manager: options.fieldManager ?? 'unknown', now: this.clock.timestamp() });
    if (options.dryRun) {
      if (this.get(type, meta.namespace ?? '', meta.name)) throw errors.alreadyExists(type, meta.name);
      return withFields;
    }
    try {
      return this.store.create(storeKey(type), withFields).object;
    } catch (e) {
      if (isStoreError(e, 'AlreadyExists')) throw errors.alreadyExists(type, meta.name);
      throw e;
    }
  }

  /**
   * Replace an object (PUT). A resourceVersion in the body must match the stored one (409
   * otherwise). On the main resource status is kept as stored; on `status` only status changes.
   */
  update<T extends KObject = KObject>(type: ResourceType, input: KObject, options: UpdateOptions = {}): T {
    const ns = type.namespaced ? input.metadata?.namespace ?? '' : '';
    const name = input.metadata?.name;
    if (!name) throw errors.badRequest('name is required in the body of an update');
    const stored = this.getStored(type, ns, name);
    if (!stored) throw errors.notFound(type, name);
    const requestedRv = input.metadata.resourceVersion;
    if (requestedRv && requestedRv !== String(stored.rv)) throw errors.conflict(type, name);
    if (input.metadata.uid && input.metadata.uid !== stored.object.metadata.uid) {
      throw errors.conflict(type, name, `Precondition failed: UID in precondition: ${input.metadata.uid}, UID in object meta: ${stored.object.metadata.uid}`);
    }
    return this.write(type, stored, cloneObject(input), options) as T;
  }

  /**
   * PATCH. Applied to the latest stored object; retried on a concurrent write unless the patch
   * itself names a resourceVersion. Server-side apply creates the object if it does not exist.
   */
  patch<T extends KObject = KObject>(type: ResourceType, namespace: string, name: string, patchType: PatchType, body: unknown, options: PatchOptions = {}): T {
    for (let attempt = 0; ; attempt++) {
      const stored = this.getStored(type, type.namespaced ? namespace : '', name);
      try {
        if (!stored) {
          if (patchType !== 'apply' || options.subresource) throw errors.notFound(type, name);
          return this.applyCreate(type, namespace, name, body, options) as T;
        }
        return this.patchStored(type, stored, patchType, body, options) as T;
      } catch (e) {
        const pinned = typeof body === 'object' && body !== null && typeof (body as { metadata?: { resourceVersion?: unknown } }).metadata?.resourceVersion === 'string';
        if (e instanceof ApiError && e.reason === 'Conflict' && e.code === 409 && !pinned && attempt < 5 && !(e.details?.causes?.some((c) => c.reason === 'FieldManagerConflict'))) continue;
        throw e;
      }
    }
  }

  /** Read-modify-write with retry on conflicts: the way controllers change what they own. */
  mutate<T extends KObject = KObject>(type: ResourceType, namespace: string, name: string, change: (draft: T) => void, options: UpdateOptions = {}): T | undefined {
    for (let attempt = 0; attempt < 10; attempt++) {
      const stored = this.getStored(type, type.namespaced ? namespace : '', name);
      if (!stored) return undefined;
      const draft = cloneObject(stored.object) as T;
      change(draft);
      try {
        return this.write(type, stored, draft, options) as T;
      } catch (e) {
        if (e instanceof ApiError && e.reason === 'Conflict') continue;
        throw e;
      }
    }
    throw errors.conflict(type, name);
  }

  /**
   * What `mutate` would store if `current` were the stored object, computed without storing
   * anything: the same strategy, defaulting, generation and managedFields bookkeeping. For
   * writing objects directly in the state a series of controller writes would have left them.
   */
  previewWrite<T extends KObject = KObject>(type: ResourceType, current: T, change: (draft: T) => void, options: UpdateOptions = {}): T {
    const draft = cloneObject(current);
    change(draft);
    const next = this.write(type, new StoredObject(current, Number(current.metadata.resourceVersion ?? 0)), draft, { ...options, dryRun: true }) as T;
    // An object never stored (a dry-run create) has no resourceVersion yet: the store stamps one.
    if (current.metadata.resourceVersion === undefined && next !== current) Reflect.deleteProperty(next.metadata, 'resourceVersion');
    return next;
  }

  delete(type: ResourceType, namespace: string, name: string, options: DeleteOptions = {}): DeleteResult {
    const ns = type.namespaced ? namespace : '';
    const stored = this.getStored(type, ns, name);
    if (!stored) throw errors.notFound(type, name);
    const obj = stored.object;
    const pre = options.preconditions;
    if (pre?.uid && pre.uid !== obj.metadata.uid) {
      throw errors.conflict(type, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${obj.metadata.uid}`);
    }
    if (pre?.resourceVersion && pre.resourceVersion !== obj.metadata.resourceVersion) {
      throw errors.conflict(type, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${obj.metadata.resourceVersion}`);
    }
    const now = this.clock.timestamp();
    const draft = cloneObject(obj);
    const m = draft.metadata;
    const isPod = type === R.pods;
    if (isPod) {
      const pod = draft as Pod;
      const grace = options.gracePeriodSeconds ?? m.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
      // A pod on a node is deleted gracefully: the kubelet stops it, then removes it for good.
      if (pod.spec.nodeName && grace > 0 && pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed') {
        if (m.deletionTimestamp && (m.deletionGracePeriodSeconds ?? 0) <= grace) return { deleted: false, object: obj };
        m.deletionTimestamp = new Date(this.clock.now() + grace * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
        m.deletionGracePeriodSeconds = grace;
        this.addPropagationFinalizer(m, options.propagationPolicy);
        if (options.dryRun) return { deleted: false, object: draft };
        return { deleted: false, object: this.store.update(storeKey(type), draft, stored.rv).object };
      }
    } else if (m.deletionTimestamp) {
      return { deleted: false, object: obj };
    }
    if (type === R.namespaces) {
      m.deletionTimestamp = now;
      (draft as KObject & { status?: JsonObject }).status = { ...((draft.status as JsonObject | undefined) ?? {}), phase: 'Terminating' };
      if (options.dryRun) return { deleted: false, object: draft };
      return { deleted: false, object: this.store.update(storeKey(type), draft, stored.rv).object };
    }
    this.addPropagationFinalizer(m, options.propagationPolicy);
    if (m.finalizers && m.finalizers.length > 0) {
      m.deletionTimestamp = now;
      m.deletionGracePeriodSeconds = 0;
      if (options.dryRun) return { deleted: false, object: draft };
      return { deleted: false, object: this.store.update(storeKey(type), draft, stored.rv).object };
    }
    if (options.dryRun) return { deleted: true, object: obj };
    return { deleted: true, object: this.store.delete(storeKey(type), ns, name, stored.rv).object };
  }

  /**
   * Bind a pending pod to a node: what the scheduler does through the `pods/binding`
   * subresource. Pod spec is immutable on update, so this is the only way nodeName gets set,
   * together with the PodScheduled condition. A pod already bound or being deleted answers
   * 409 Conflict; a pod whose uid is not `uid` (replaced meanwhile) answers 404.
   */
  bind(namespace: string, name: string, nodeName: string, options: WriteOptions & { uid?: string } = {}): Pod {
    const stored = this.getStored(R.pods, namespace, name);
    const pod = stored?.object as Pod | undefined;
    if (!stored || !pod || (options.uid !== undefined && pod.metadata.uid !== options.uid)) throw errors.notFound(R.pods, name);
    if (pod.spec.nodeName) throw errors.conflict(R.pods, name, `pod ${name} is already assigned to node "${pod.spec.nodeName}"`);
    if (pod.metadata.deletionTimestamp) throw errors.conflict(R.pods, name, `pod ${name} is being deleted, cannot be assigned to a host`);
    const draft = cloneObject(pod);
    draft.spec.nodeName = nodeName;
    const status = (draft.status ??= {});
    status.conditions = [
      ...(status.conditions ?? []).filter((c) => c.type !== 'PodScheduled'),
      { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: this.clock.timestamp() },
    ];
    return this.write(R.pods, stored, draft, { fieldManager: options.fieldManager ?? 'kube-scheduler', subresource: 'binding', ...(options.dryRun ? { dryRun: true } : {}) }) as Pod;
  }

  /** Build the autoscaling/v1 Scale of a scalable object. */
  scaleOf(type: ResourceType, obj: KObject): KObject {
    const spec = obj.spec as { replicas?: number; selector?: LabelSelector } | undefined;
    const status = obj.status as { replicas?: number } | undefined;
    const { name, namespace, uid, resourceVersion, creationTimestamp } = obj.metadata;
    return {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
      spec: { replicas: spec?.replicas ?? 0 },
      status: { replicas: status?.replicas ?? 0, selector: spec?.selector ? formatLabelSelector(spec.selector).replace(/^<none>$/, '') : '' },
    } as KObject;
  }

  private addPropagationFinalizer(m: KObject['metadata'], policy: PropagationPolicy | undefined): void {
    const f = policy === 'Foreground' ? 'foregroundDeletion' : policy === 'Orphan' ? 'orphan' : undefined;
    if (f && !(m.finalizers ?? []).includes(f)) m.finalizers = [...(m.finalizers ?? []), f];
  }

  private checkNamespaceOpen(namespace: string): void {
    const ns = this.get(R.namespaces, '', namespace);
    if (!ns) throw errors.notFound(R.namespaces, namespace);
    if (ns.metadata.deletionTimestamp) {
      throw errors.forbidden(`unable to create new content in namespace ${namespace} because it is being terminated`);
    }
  }

  private prepareForCreate(type: ResourceType, obj: KObject): void {
    if (type === R.pods) {
      const pod = obj as Pod;
      pod.status = { phase: 'Pending', qosClass: podQosClass(pod) };
    } else if (type === R.poddisruptionbudgets) {
      // PodDisruptionBudgetStatus{}: its counts have no omitempty, so a new PDB shows them as 0.
      obj.status = { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
    } else if (type.subresources.includes('status') && type !== R.namespaces && type !== R.nodes && type !== R.services) {
      delete obj.status;
    }
    if (type === R.services) allocateServiceNetwork(this, obj);
  }

  private validate(type: ResourceType, obj: KObject, old: KObject | undefined): void {
    const found = validateObject(type, obj, old);
    if (found.length > 0) {
      throw errors.invalid(type, obj.metadata.name ?? '', invalidMessage(type, obj.metadata.name ?? '', found),
        found.map((e) => ({ reason: e.type, message: formatFieldError(e).slice(e.field.length + 2), field: e.field })));
    }
  }

  /** The common end of update, patch and mutate: strategy, validation, no-op detection, store. */
  private write(type: ResourceType, stored: StoredObject, next: KObject, options: UpdateOptions, fieldsTracked = false): KObject {
    const old = stored.object;
    const sub = options.subresource;
    next.apiVersion = old.apiVersion;
    next.kind = old.kind;
    // Identity and server-owned metadata always come from the stored object.
    const meta = next.metadata;
    meta.name = old.metadata.name;
    if (old.metadata.namespace !== undefined) meta.namespace = old.metadata.namespace;
    meta.uid = old.metadata.uid;
    meta.creationTimestamp = old.metadata.creationTimestamp;
    meta.resourceVersion = old.metadata.resourceVersion;
    if (old.metadata.deletionTimestamp) meta.deletionTimestamp = old.metadata.deletionTimestamp;
    else delete meta.deletionTimestamp;
    if (old.metadata.deletionGracePeriodSeconds !== undefined) meta.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
    if (!meta.managedFields) meta.managedFields = old.metadata.managedFields ?? [];
    if (sub === 'status') {
      const keepStatus = next.status;
      const merged = cloneObject(old);
      merged.metadata.managedFields = meta.managedFields;
      if (keepStatus === undefined) delete merged.status;
      else merged.status = keepStatus;
      next = merged;
    } else if (type.subresources.includes('status') && sub !== 'binding') {
      if (old.status === undefined) delete next.status;
      else next.status = old.status;
    }
    applyDefaults(type, next);
    if (GENERATION_GROUPS.has(type.group)) {
      const gen = old.metadata.generation ?? 1;
      next.metadata.generation = stableEqual(specOf(old), specOf(next)) ? gen : gen + 1;
    }
    options.guard?.(next, old);
    if (sub !== 'status' && sub !== 'binding') this.validate(type, next, old);
    if (!fieldsTracked) next = recordUpdate({ old, updated: next, manager: options.fieldManager ?? 'unknown', now: this.clock.timestamp(), ...(sub && sub !== 'binding' ? { subresource: sub } : {}) });
    if (stableEqual(withoutVolatile(old), withoutVolatile(next))) return old;
    const finished = next.metadata.deletionTimestamp && (next.metadata.finalizers ?? []).length === 0
      && !(type === R.pods && (next.metadata.deletionGracePeriodSeconds ?? 0) > 0) && type !== R.namespaces;
    if (options.dryRun) return next;
    try {
      if (finished) return this.store.delete(storeKey(type), old.metadata.namespace ?? '', old.metadata.name, stored.rv).object;
      return this.store.update(storeKey(type), next, stored.rv).object;
    } catch (e) {
      if (isStoreError(e, 'Conflict')) throw errors.conflict(type, old.metadata.name);
      if (isStoreError(e, 'NotFound')) throw errors.notFound(type, old.metadata.name);
      throw e;
    }
  }

  private patchStored(type: ResourceType, stored: StoredObject, patchType: PatchType, body: unknown, options: PatchOptions): KObject {
    const obj = stored.object;
    const sub = options.subresource;
    const target: KObject = sub === 'scale' ? this.scaleOf(type, obj) : obj;
    let patched: KObject;
    try {
      switch (patchType) {
        case 'json': patched = applyJsonPatch(target, body) as KObject; break;
        case 'merge': patched = applyMergePatch(target, body) as KObject; break;
        case 'strategic': patched = applyStrategicMergePatch(target, body, target.apiVersion, target.kind) as KObject; break;
        case 'apply': {
          const applied = body as JsonObject;
          this.checkApplyIdentity(type, applied, obj.metadata.name, sub === 'scale' ? undefined : obj);
          patched = serverSideApply({ live: target, applied, manager: options.fieldManager ?? '', force: options.force ?? false, now: this.clock.timestamp(), ...(sub ? { subresource: sub } : {}) });
          break;
        }
      }
    } catch (e) {
      throw this.patchFailure(type, obj.metadata.name, e);
    }
    if (typeof patched !== 'object' || patched === null || Array.isArray(patched)) throw errors.badRequest('the patch did not produce an object');
    if (sub !== 'scale') options.inspect?.(patched);
    const rv = (patched.metadata as { resourceVersion?: unknown } | undefined)?.resourceVersion;
    if (typeof rv === 'string' && rv !== '' && rv !== String(stored.rv)) throw errors.conflict(type, obj.metadata.name);
    if (sub === 'scale') {
      const replicas = (patched.spec as { replicas?: unknown } | undefined)?.replicas;
      if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
        throw errors.invalid({ group: 'autoscaling', kind: 'Scale' }, obj.metadata.name, `Scale.autoscaling "${obj.metadata.name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`, [{ reason: 'FieldValueInvalid', message: 'must be greater than or equal to 0', field: 'spec.replicas' }]);
      }
      const draft = cloneObject(obj);
      (draft.spec as { replicas?: number }).replicas = replicas;
      return this.write(type, stored, draft, { ...options, subresource: 'scale' });
    }
    // Server-side apply already recorded the applier's ownership; do not add an Update entry too.
    return this.write(type, stored, patched, options, patchType === 'apply');
  }

  private applyCreate(type: ResourceType, namespace: string, name: string, body: unknown, options: PatchOptions): KObject {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw errors.badRequest('apply patch must be an object');
    const applied = body as JsonObject;
    this.checkApplyIdentity(type, applied, name, undefined);
    let created: KObject;
    try {
      created = serverSideApply({ live: undefined, applied, manager: options.fieldManager ?? '', force: options.force ?? false, now: this.clock.timestamp() });
    } catch (e) {
      throw this.patchFailure(type, name, e);
    }
    const meta = (created.metadata ??= {} as KObject['metadata']);
    meta.name = name;
    if (type.namespaced) meta.namespace = namespace;
    // One write, as kube does: the applier owns the fields as an Apply entry, not an Update.
    return this.createWith(type, created, { ...options, fieldManager: options.fieldManager ?? '' }, meta.managedFields);
  }

  private checkApplyIdentity(type: ResourceType, applied: JsonObject, name: string, live: KObject | undefined): void {
    const apiVersion = applied.apiVersion;
    const kind = applied.kind;
    if (typeof apiVersion !== 'string' || apiVersion === '' || typeof kind !== 'string' || kind === '') {
      throw errors.badRequest('apiVersion and kind must be set in the applied configuration');
    }
    if (kind !== (live?.kind ?? type.kind)) throw errors.badRequest(`the kind in the applied configuration (${kind}) does not match the kind of the object (${type.kind})`);
    const appliedName = (applied.metadata as { name?: unknown } | undefined)?.name;
    if (appliedName !== undefined && appliedName !== name) throw errors.badRequest(`the name of the object (${String(appliedName)}) does not match the name on the URL (${name})`);
  }

  private patchFailure(type: ResourceType, name: string, e: unknown): ApiError {
    if (e instanceof ApiError) return e;
    if (e instanceof ApplyConflictError) {
      return new ApiError(409, 'Conflict', e.message, {
        name, ...(type.group ? { group: type.group } : {}), kind: type.resource,
        causes: e.causes,
      });
    }
    if (e instanceof PatchError) {
      if (e.code === 422) return errors.invalid(type, name, e.message, []);
      if (e.code === 409) return errors.conflict(type, name, e.message);
      return errors.badRequest(e.message);
    }
    throw e;
  }
}

/** Fields that change on every write and do not make a write meaningful. */
function withoutVolatile(o: KObject): KObject {
  const managed = (o.metadata.managedFields ?? []).map((e) => ({ ...e, time: undefined }));
  return { ...o, metadata: { ...o.metadata, resourceVersion: '', managedFields: managed } } as KObject;
}
