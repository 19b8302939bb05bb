/**
 * SECURITY.md lists every case of the bad-input and abuse suite with its outcome. The list is read
 * from SECURITY.md itself and compared with the suite's own tables (abuseHttpCases.ts,
 * abuseWsCases.ts), so a case added, removed or changed in the suite without the document (or the
 * other way round) fails here.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { HTTP_CASES } from '../security/abuseHttpCases.ts';
import { WS_CASES, type WsExpected } from '../security/abuseWsCases.ts';

const wsOutcome = (e: WsExpected): string =>
  e.result === 'error' ? `error result ${e.code}` : e.result === 'closed' ? `close ${e.code}` : `refused ${e.status}`;

/** The suite's rows as SECURITY.md writes them: transport, group, case, outcome. */
const fromSuite = [
  ...HTTP_CASES.map((c) => ['HTTP', c.group, c.name, `${c.expected.status}${c.expected.code ? ` ${c.expected.code}` : ''}`]),
  ...WS_CASES.map((c) => ['graphql-ws', c.group, c.name, wsOutcome(c.expected)]),
].map((row) => row.join(' | '));

function fromDocument(): string[] {
  const text = readFileSync(new URL('../../../SECURITY.md', import.meta.url), 'utf8');
  return text.split('\n')
    .filter((line) => /^\| \d+ \| (HTTP|graphql-ws) \|/.test(line))
    .map((line) => line.replace(/\\\|/g, '\u0000').split('|').slice(2, 6).map((cell) => cell.trim().replace(/\u0000/g, '|')).join(' | '));
}

test('SECURITY.md lists the abuse suite\'s cases, at least 50, each with the outcome the suite asserts', () => {
  const documented = fromDocument();
  expect(fromSuite.length).toBeGreaterThanOrEqual(50);
  expect(documented).toEqual(fromSuite);
});

test('the policy examples in README.md, SECURITY.md and docs/policy.md are policies the gateway accepts', async () => {
  const { Policy } = await import('../../../src/auth/policy/index.ts');
  let examples = 0;
  for (const file of ['README.md', 'SECURITY.md', 'docs/policy.md']) {
    const text = readFileSync(new URL(`../../../${file}`, import.meta.url), 'utf8');
    for (const m of text.matchAll(/```yaml\n(rules:[\s\S]*?)```/g)) {
      examples++;
      expect(() => Policy.parse(m[1]!, `${file} example`), file).not.toThrow();
    }
  }
  expect(examples).toBeGreaterThanOrEqual(3);
});
