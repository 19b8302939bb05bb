/**
 * The apply benchmark's manifest: ten objects of one small application, as a team ships it
 * (a Namespace, a ServiceAccount and its RoleBinding, two ConfigMaps, a Secret, two Deployments
 * and their Services), in one namespace whose name the caller chooses, so that every "first
 * apply" iteration creates fresh objects. Also the parsed form, for checking what a contender
 * left in the simulator's stores.
 */
import { parseAllDocuments } from 'yaml';

export const OBJECTS_PER_APPLY = 10;

export function manifest(namespace: string): string {
  return `apiVersion: v1
kind: Namespace
metadata:
  name: ${namespace}
  labels: { team: shop, env: bench }
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: shop
  namespace: ${namespace}
  labels: { app.kubernetes.io/part-of: shop }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: shop-view
  namespace: ${namespace}
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }
subjects:
  - { kind: ServiceAccount, name: shop, namespace: ${namespace} }
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
  namespace: ${namespace}
data:
  nginx.conf: |
    server {
      listen 8080;
      location / { proxy_pass http://api:9000; }
    }
  theme: blue
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: api-config
  namespace: ${namespace}
data:
  LOG_LEVEL: info
  DATABASE_HOST: postgres.data.svc.cluster.local
  FEATURE_FLAGS: checkout-v2,fast-search
---
apiVersion: v1
kind: Secret
metadata:
  name: api-credentials
  namespace: ${namespace}
type: Opaque
data:
  DATABASE_PASSWORD: czNjcjN0LWJlbmNo
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${namespace}
  labels: { app: web, app.kubernetes.io/part-of: shop }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web, app.kubernetes.io/part-of: shop } }
    spec:
      serviceAccountName: shop
      containers:
        - name: web
          image: nginx:1.27.3
          ports: [{ containerPort: 8080, name: http }]
          resources: { requests: { cpu: 50m, memory: 64Mi }, limits: { memory: 128Mi } }
          volumeMounts: [{ name: config, mountPath: /etc/nginx/conf.d }]
          readinessProbe: { httpGet: { path: /healthz, port: http }, periodSeconds: 5 }
      volumes: [{ name: config, configMap: { name: web-config } }]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: ${namespace}
  labels: { app: api, app.kubernetes.io/part-of: shop }
spec:
  replicas: 2
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api, app.kubernetes.io/part-of: shop } }
    spec:
      serviceAccountName: shop
      containers:
        - name: api
          image: ghcr.io/fleetgraph/shop-api:1.4.2
          ports: [{ containerPort: 9000, name: http }]
          envFrom: [{ configMapRef: { name: api-config } }]
          env:
            - name: DATABASE_PASSWORD
              valueFrom: { secretKeyRef: { name: api-credentials, key: DATABASE_PASSWORD } }
          resources: { requests: { cpu: 100m, memory: 128Mi }, limits: { memory: 256Mi } }
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: ${namespace}
  labels: { app: web }
spec:
  selector: { app: web }
  ports: [{ name: http, port: 80, targetPort: http }]
---
apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: ${namespace}
  labels: { app: api }
spec:
  selector: { app: api }
  ports: [{ name: http, port: 9000, targetPort: http }]
`;
}

export interface ManifestObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  [field: string]: unknown;
}

export function manifestObjects(namespace: string): ManifestObject[] {
  const objects = parseAllDocuments(manifest(namespace)).map((d) => d.toJS() as ManifestObject);
  if (objects.length !== OBJECTS_PER_APPLY) throw new Error(`apply bench: the manifest has ${objects.length} objects, expected ${OBJECTS_PER_APPLY}`);
  return objects;
}
