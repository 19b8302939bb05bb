/**
 * Kubernetes resource quantities ("250m", "1.5", "128Mi", "1e3") as numbers, for the scheduler's
 * fit checks and the metrics API, and back to the forms metrics-server writes.
 */

const SUFFIXES: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1,
  k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** The value of a quantity in base units (cores, bytes, count); NaN when it does not parse. */
export function parseQuantity(q: string | number | undefined): number {
  if (q === undefined) return NaN;
  if (typeof q === 'number') return q;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/.exec(q.trim());
  if (!m) return NaN;
  const base = Number(m[1]);
  if (m[2]) return base * 10 ** Number(m[2].slice(1));
  return base * (SUFFIXES[m[3] ?? ''] ?? 1);
}

/** CPU in millicores, rounded up as kube does (`0.1` → 100, `1m` → 1); 0 for absent or invalid. */
export function cpuMillis(q: string | number | undefined): number {
  const v = parseQuantity(q);
  return Number.isFinite(v) ? Math.ceil(Math.round(v * 1e6) / 1e3) : 0;
}

/** Memory (or any byte count) in bytes; 0 for absent or invalid. */
export function bytesOf(q: string | number | undefined): number {
  const v = parseQuantity(q);
  return Number.isFinite(v) ? Math.ceil(v) : 0;
}

/** A plain count ("110"); 0 for absent or invalid. */
export function countOf(q: string | number | undefined): number {
  const v = parseQuantity(q);
  return Number.isFinite(v) ? Math.floor(v) : 0;
}

/** metrics-server's CPU form: nanocores. */
export function formatNanoCores(nanocores: number): string {
  return `${Math.max(0, Math.round(nanocores))}n`;
}

/** metrics-server's memory form: kibibytes. */
export function formatKibibytes(bytes: number): string {
  return `${Math.max(0, Math.round(bytes / 1024))}Ki`;
}
