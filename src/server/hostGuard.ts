/**
 * DNS-rebinding defence for a gateway bound to a loopback address.
 *
 * Why (security): a gateway on 127.0.0.1 has no authentication; it relies on only local programs
 * reaching it. A web page can break that: its server answers DNS for `attacker.example` first
 * with its own address, then with 127.0.0.1, and the browser, still on the page's origin, now
 * sends same-origin requests to the gateway and reads the whole fleet (no CORS is involved).
 * What gives such a request away is its Host header, which names the attacker's domain. So on
 * a loopback bind only Host names that cannot be rebound by someone else's DNS are served:
 * `localhost` (browsers resolve it themselves), loopback IP literals (`127.0.0.1`, `[::1]`), and
 * names the operator lists with `--allowed-host` (e.g. a name in /etc/hosts). Any port is
 * accepted: the port is not what an attacker controls.
 * Out of scope: a gateway bound to another interface (`--host 0.0.0.0`) is reachable by name
 * from the network; it starts only with authentication (`--tokens`, src/auth), which decides who
 * reaches it, so no Host is refused there.
 */
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

export interface HostGuardOptions {
  /** The address the gateway listens on (`--host`). */
  bindHost: string;
  /** Extra Host names (without port) to serve on a loopback bind (`--allowed-host`). */
  allowedHosts?: readonly string[];
}

/** True for `localhost`, 127.0.0.0/8 and ::1 (the addresses only this machine can reach). */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

/** The host name of a Host header value, without port and IPv6 brackets kept off. */
function hostName(header: string): string {
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.indexOf(':');
  return colon === -1 ? h : h.slice(0, colon);
}

/**
 * Returns a check for each request: undefined when it may be served, else the message to refuse
 * it with. On a non-loopback bind every request may be served.
 */
export function hostGuard(options: HostGuardOptions): (req: IncomingMessage) => string | undefined {
  if (!isLoopbackHost(options.bindHost)) return () => undefined;
  const extra = new Set((options.allowedHosts ?? []).map((h) => h.toLowerCase()));
  return (req) => {
    const header = req.headers.host;
    if (header === undefined || header === '') return 'the request has no Host header; a gateway on a loopback address serves only Host localhost, 127.0.0.1 or [::1] (or names given with --allowed-host)';
    const name = hostName(header);
    if (isLoopbackHost(name) || extra.has(name)) return undefined;
    const shown = name.length > 100 ? `${name.slice(0, 100)}…` : name;
    return `Host ${JSON.stringify(shown)} is not served: this gateway listens on a loopback address and answers only Host localhost, 127.0.0.1 or [::1], to stop DNS-rebinding web pages from reading it. To reach it under another name, start it with --allowed-host ${/^[a-z0-9.-]+$/.test(shown) ? shown : 'NAME'}`;
  };
}
