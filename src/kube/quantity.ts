/**
 * Kubernetes resource quantities ("250m", "1", "123456n", "512Mi", "1e3") to numbers, and
 * usage figures written the way `kubectl top` writes them (CPU in millicores rounded up,
 * memory in Mi rounded down).
 */
const SUFFIX: Readonly<Record<string, number>> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?)$/;

/** The quantity's value in base units (cores, bytes); throws RangeError on text that is not one. */
export function parseQuantity(text: string): number {
  const m = QUANTITY.exec(text.trim());
  if (!m) throw new RangeError(`not a Kubernetes quantity: "${text}"`);
  const value = Number(m[1]);
  if (m[2]) return value * 10 ** Number(m[2].slice(1));
  return value * (SUFFIX[m[3] ?? ''] ?? 1);
}

export interface Usage {
  cpu: string;
  memory: string;
  cpuMillicores: number;
  memoryBytes: number;
}

export function usageOf(cpuCores: number, memoryBytes: number): Usage {
  const cpuMillicores = Math.ceil(Math.round(cpuCores * 1e9) / 1e6);
  return { cpu: `${cpuMillicores}m`, memory: `${Math.floor(memoryBytes / 2 ** 20)}Mi`, cpuMillicores, memoryBytes };
}

/** Sum of `{cpu, memory}` quantity maps (a metrics object's usage, or its containers' usages). */
export function sumUsage(usages: ReadonlyArray<Readonly<Record<string, string>> | undefined>): Usage {
  let cpu = 0;
  let memory = 0;
  for (const u of usages) {
    if (!u) continue;
    if (u.cpu !== undefined) cpu += parseQuantity(u.cpu);
    if (u.memory !== undefined) memory += parseQuantity(u.memory);
  }
  return usageOf(cpu, memory);
}
