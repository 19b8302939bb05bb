/**
 * The tokens of a label selector string, split the way apimachinery's labels lexer splits them:
 * whitespace separates, the special characters `= ! ( ) , > <` form the longest operator they
 * can (`==`, `!=`), and every other run of characters is one identifier. `in` and `notin` stay
 * identifiers here; only the parser, at operator position, treats them as keywords, which is
 * why `in=x` and `a in (notin)` are valid selectors just as they are for kube.
 */

export type SelectorTokenKind = 'id' | '(' | ')' | ',' | '!' | '=' | '==' | '!=' | '>' | '<' | 'end';

export interface SelectorToken {
  kind: SelectorTokenKind;
  text: string;
  /** 1-based character position of the token's first character; length + 1 for 'end'. */
  position: number;
}

const SYMBOLS: ReadonlyMap<string, SelectorTokenKind> = new Map(
  (['(', ')', ',', '!', '=', '==', '!=', '>', '<'] as const).map((s) => [s, s]),
);
const isSpecial = (c: string): boolean => '=!(),<>'.includes(c);
const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';

export function lexLabelSelector(text: string): SelectorToken[] {
  const tokens: SelectorToken[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    const start = i;
    if (isSpecial(c)) {
      // The longest operator wins ("!=" over "!"); none is longer than two characters, and every
      // special character is an operator on its own, so the lookup below always succeeds.
      const symbol = [text.slice(i, i + 2), c].find((s) => SYMBOLS.has(s)) ?? c;
      i += symbol.length;
      tokens.push({ kind: SYMBOLS.get(symbol) ?? 'id', text: symbol, position: start + 1 });
      continue;
    }
    while (i < text.length && !isSpecial(text.charAt(i)) && !isSpace(text.charAt(i))) i++;
    tokens.push({ kind: 'id', text: text.slice(start, i), position: start + 1 });
  }
  tokens.push({ kind: 'end', text: '', position: text.length + 1 });
  return tokens;
}
