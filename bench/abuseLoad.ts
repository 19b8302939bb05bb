/**
 * The abusers of `npm run bench -- abuse`, in a process of their own: `concurrency` loops for
 * `durationMs`, each sending one kind of abuse (loop i the i-th, round the list): a 22-level deep query, a 30×30×30 alias bomb and a 1.1 MiB
 * body (as bombers, rotating over several tokens so that they meet the query limits rather than
 * their own rate limit), and a flood of cheap queries from one flooder (refused with 429 once its
 * burst is spent). Reports how each was answered (status and error code).
 */
import { deepJoins, nestedAliases } from '../test/unit/limits/abusiveQueries.ts';

export interface AbuseLoadConfig {
  url: string;
  durationMs: number;
  concurrency: number;
  bomberTokens: string[];
  flooderToken: string;
}

const { url, durationMs, concurrency, bomberTokens, flooderToken } = JSON.parse(process.argv[2] ?? '{}') as AbuseLoadConfig;
const KINDS = [
  { kind: 'deep query (depth 22)', body: JSON.stringify({ query: deepJoins(10) }), bomber: true },
  { kind: 'alias bomb (30×30×30)', body: JSON.stringify({ query: nestedAliases(30) }), bomber: true },
  { kind: 'oversize body (1.1 MiB)', body: JSON.stringify({ query: `{ clusters { name } } # ${'x'.repeat(1_100_000)}` }), bomber: true },
  { kind: 'flood of cheap queries (one caller)', body: JSON.stringify({ query: '{ clusters { name } }' }), bomber: false },
];

const counts: Record<string, Record<string, number>> = {};
let sent = 0;
async function loop(offset: number, until: number): Promise<void> {
  // Each loop sends one kind: the flood is not held back by the slower bombs.
  const k = KINDS[offset % KINDS.length]!;
  for (let i = offset; Date.now() < until; i++) {
    const token = k.bomber ? bomberTokens[i % bomberTokens.length]! : flooderToken;
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${token}` }, body: k.body });
    const text = await res.text();
    let code = '';
    try { code = String((JSON.parse(text) as { errors?: Array<{ extensions?: { code?: string } }> }).errors?.[0]?.extensions?.code ?? ''); } catch { code = 'not JSON'; }
    const key = `${res.status}${code ? ` ${code}` : ''}`;
    const row = (counts[k.kind] ??= {});
    row[key] = (row[key] ?? 0) + 1;
    sent++;
  }
}

process.on('message', async (m: { type: string }) => {
  if (m.type !== 'go') return;
  const until = Date.now() + durationMs;
  await Promise.all(Array.from({ length: concurrency }, (_, i) => loop(i, until)));
  process.send?.({ type: 'done', counts, sent });
});
process.send?.({ type: 'ready' });
