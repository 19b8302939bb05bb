/**
 * Turns one cluster's kubeconfig context into what a request needs: headers (bearer token,
 * basic auth, impersonation), TLS options (CA, client certificate and key, server name,
 * skip-verify), and the list of credential values obtained, for the SecretScrubber.
 *
 * @kubernetes/client-node does the credential work (token and token files, client certificates,
 * exec plugins, auth providers) through `applyToHTTPSOptions`. Two of its rules differ from
 * kubectl's, and this module works around them so every server kubectl accepts works here:
 * - it refuses any `http://` server whose cluster lacks `insecure-skip-tls-verify` (it builds
 *   an agent we do not use, and throws) — the kubeconfig `kubectl proxy` users write;
 * - with no user in the context it applies nothing, not even the cluster's CA, skip-verify or
 *   tls-server-name, which belong to the cluster and not to the user.
 */
import type https from 'node:https';
import { KubeConfig, type Cluster, type User } from '@kubernetes/client-node';

export interface ClusterTls {
  ca?: string | Buffer | Array<string | Buffer>;
  cert?: string | Buffer | Array<string | Buffer>;
  key?: https.RequestOptions['key'];
  pfx?: https.RequestOptions['pfx'];
  passphrase?: string;
  servername?: string;
  rejectUnauthorized?: boolean;
}

export interface ClusterCredentials {
  /** Lower-case header names. */
  headers: Record<string, string>;
  tls: ClusterTls;
  /** Every credential value in these options, to be scrubbed from anything the gateway says. */
  secrets: string[];
}

function fileOrData(file: string | undefined, data: string | undefined, read: (path: string) => Buffer): Buffer | undefined {
  if (file) return read(file);
  if (data) return Buffer.from(data, 'base64');
  return undefined;
}

function text(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Buffer.isBuffer(value)) return [value.toString('utf8')];
  if (Array.isArray(value)) return value.flatMap(text);
  if (typeof value === 'object' && value !== null && 'pem' in value) return text(value.pem);
  return [];
}

export class KubeconfigCredentials {
  private readonly cluster: Cluster | null;
  private readonly user: User | null;
  /** The config handed to client-node: the same context, its server seen as https (see above). */
  private readonly source: KubeConfig;

  constructor(kubeConfig: KubeConfig, private readonly readFile: (path: string) => Buffer) {
    this.cluster = kubeConfig.getCurrentCluster();
    this.user = kubeConfig.getCurrentUser();
    if (this.cluster?.server.startsWith('http:') && this.user !== null) {
      // Credentials do not depend on the scheme; only client-node's agent check does.
      const context = kubeConfig.getContextObject(kubeConfig.getCurrentContext());
      this.source = new KubeConfig();
      this.source.loadFromOptions({
        clusters: [{ ...this.cluster, server: `https:${this.cluster.server.slice('http:'.length)}` }],
        users: [this.user],
        contexts: context === null ? [] : [context],
        currentContext: kubeConfig.getCurrentContext(),
      });
    } else {
      this.source = kubeConfig;
    }
  }

  /** Fresh credentials (runs an exec plugin, re-reads a token file). Throws when they cannot be had. */
  async resolve(): Promise<ClusterCredentials> {
    const tls: ClusterTls = {};
    const cluster = this.cluster;
    if (cluster) {
      const ca = fileOrData(cluster.caFile, cluster.caData, this.readFile);
      if (ca) tls.ca = ca;
      if (cluster.skipTLSVerify) tls.rejectUnauthorized = false;
      if (cluster.tlsServerName) tls.servername = cluster.tlsServerName;
    }
    const headers: Record<string, string> = {};
    const secrets: string[] = [];
    if (this.user === null) return { headers, tls, secrets };

    const opts: https.RequestOptions = {};
    await this.source.applyToHTTPSOptions(opts);
    if (opts.ca !== undefined) tls.ca = opts.ca;
    if (opts.cert !== undefined) tls.cert = opts.cert;
    if (opts.key !== undefined) tls.key = opts.key;
    if (opts.pfx !== undefined) tls.pfx = opts.pfx;
    if (opts.passphrase !== undefined) tls.passphrase = opts.passphrase;
    if (opts.servername !== undefined) tls.servername = opts.servername;
    if (opts.rejectUnauthorized !== undefined) tls.rejectUnauthorized = opts.rejectUnauthorized;

    const given = opts.headers && !Array.isArray(opts.headers) ? opts.headers : {};
    for (const [name, value] of Object.entries(given)) {
      if (value === undefined) continue;
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    }
    if (opts.auth) headers.authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;

    // What to scrub: the header's credential (after its scheme word), basic auth, key material.
    const authorization = headers.authorization;
    if (authorization !== undefined) secrets.push(authorization.replace(/^\s*\S+\s+/, ''));
    if (opts.auth) secrets.push(opts.auth, opts.auth.slice(opts.auth.indexOf(':') + 1));
    if (this.user.token) secrets.push(this.user.token);
    if (this.user.password) secrets.push(this.user.password);
    if (this.user.keyData) secrets.push(this.user.keyData);
    secrets.push(...text(tls.key), ...text(tls.pfx));
    if (tls.passphrase) secrets.push(tls.passphrase);
    return { headers, tls, secrets };
  }
}
