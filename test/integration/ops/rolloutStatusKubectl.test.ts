/**
 * rolloutStatus against the real `kubectl rollout status --watch=false`, on the same live
 * objects of a simulated cluster at the same moments (the cluster's clock moves only when the
 * test moves it): waiting, rolled out and failed, for a Deployment, a StatefulSet and a
 * DaemonSet. A wave waits for exactly what kubectl would, in kubectl's words.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { rolloutStatus } from '../../../src/ops/rolloutStatus.ts';
import { ManualClock } from '../../../src/sim/index.ts';
import { Conformance } from '../../conformance/harness.ts';

const clock = new ManualClock();
let c: Conformance;
beforeAll(async () => {
  c = await Conformance.start({ clock, nodes: 2 });
}, 60_000);
afterAll(async () => {
  await c?.stop();
});

async function apply(text: string): Promise<void> {
  const r = await c.run(['apply', '-f', '-'], text);
  expect(r.code, r.stderr).toBe(0);
  await c.fleet.settle();
}

/** kubectl's verdict and ours on the object as kubectl reads it, side by side. */
async function both(resource: string): Promise<{ kubectl: string; ours: string; kubectlDone: boolean; oursDone: boolean }> {
  const object = JSON.parse((await c.run(['get', resource, '-o', 'json'])).stdout) as { kind: string };
  const r = await c.run(['rollout', 'status', resource, '--watch=false']);
  const verdict = rolloutStatus(object.kind, object);
  const kubectl = (r.code === 0 ? r.stdout : r.stderr).trim().replace(/^error: /, '');
  return { kubectl, ours: verdict.message, kubectlDone: r.code === 0 && /successfully rolled out|complete/.test(kubectl), oursDone: verdict.done };
}

const sameAsKubectl = async (resource: string) => {
  const b = await both(resource);
  expect(b.ours).toBe(b.kubectl);
  expect(b.oursDone).toBe(b.kubectlDone);
  return b;
};

test('Deployment: waiting, rolled out, and a crash-looping update past its progress deadline', async () => {
  const d = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: default }
spec:
  replicas: 2
  minReadySeconds: 10
  progressDeadlineSeconds: 30
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: "${image}" }] }
`;
  await apply(d('nginx:1.27'));
  expect((await sameAsKubectl('deployment/web')).oursDone).toBe(false);
  await clock.advance(20_000);
  expect((await sameAsKubectl('deployment/web')).oursDone).toBe(true);
  await apply(d('nginx:1.27-crashloop'));
  expect((await sameAsKubectl('deployment/web')).oursDone).toBe(false);
  // Each crash-loop restart is progress (a pod became ready) until the back-off outgrows the 30 s deadline.
  let failed = await sameAsKubectl('deployment/web');
  for (let i = 0; i < 60 && !failed.ours.includes('deadline'); i++) {
    await clock.advance(10_000);
    failed = await sameAsKubectl('deployment/web');
  }
  expect(failed.ours).toBe('deployment "web" exceeded its progress deadline');
  expect(rolloutStatus('Deployment', JSON.parse((await c.run(['get', 'deployment/web', '-o', 'json'])).stdout)).failed).toBe(true);
});

test('StatefulSet: waiting for ready pods, then rolled out', async () => {
  await apply(`apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db, namespace: default }
spec:
  replicas: 2
  serviceName: db
  selector: { matchLabels: { app: db } }
  template:
    metadata: { labels: { app: db } }
    spec: { containers: [{ name: db, image: "postgres:16" }] }
`);
  expect((await sameAsKubectl('statefulset/db')).oursDone).toBe(false);
  for (let i = 0; i < 4; i++) await clock.advance(5_000);
  expect((await sameAsKubectl('statefulset/db')).oursDone).toBe(true);
});

test('DaemonSet: waiting for pods on every node, then rolled out', async () => {
  await apply(`apiVersion: apps/v1
kind: DaemonSet
metadata: { name: agent, namespace: default }
spec:
  selector: { matchLabels: { app: agent } }
  template:
    metadata: { labels: { app: agent } }
    spec: { containers: [{ name: agent, image: "fluent-bit:3" }] }
`);
  expect((await sameAsKubectl('daemonset/agent')).oursDone).toBe(false);
  await clock.advance(5_000);
  expect((await sameAsKubectl('daemonset/agent')).oursDone).toBe(true);
});
